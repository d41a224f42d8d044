/** Room state derived from webhook events: the source of the realtime room stream. */
export * from './room-state.js';
