export * from './livekit/index.js';
export * from './videosdk/index.js';
export * from './translate.js';
