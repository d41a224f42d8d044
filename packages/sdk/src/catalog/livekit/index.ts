/** The LiveKit webhook catalog: event names, payload types, ordering key, filter rule and samples. */
export * from './types.js';
export * from './event-names.js';
export * from './extended-types.js';
export * from './extended-events.js';
export * from './webhook-event.js';
export * from './event-payloads.js';
export * from './ordering-key.js';
export * from './event-filter.js';
export * from './samples.js';
export { sampleId } from './sample-ids.js';
