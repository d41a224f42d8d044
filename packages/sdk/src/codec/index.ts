/**
 * The LiveKit webhook codec: protobuf-JSON (Go protojson) rules for `livekit.WebhookEvent`, driven by one
 * schema table.
 */
export { decodeWebhookEvent, type DecodeOptions } from './decode.js';
export { parseWebhookEvent } from './parse.js';
export { encodeWebhookEvent } from './encode.js';
