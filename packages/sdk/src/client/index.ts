/**
 * `@roomhooks/sdk/client`: realtime room events for browsers and Node. No dependencies, no Node built-ins.
 *
 * - `connectRoom(url, token)` → a {@link Room}: LiveKit-style events, current state, auto-reconnect.
 * - `protocol`: the stream's wire format (SSE `snapshot` / `change` / `reset`), shared with the server.
 */
export * from './protocol.js';
export {
  applyRoomChange,
  diffRoomSnapshots,
  emptyRoomSnapshot,
  participantInfoOf,
  roomInfoOf,
} from './room-snapshot.js';
export { createSseParser, type SseMessage } from './sse-parser.js';
export { TypedEmitter, type EventMap, type Listener } from './emitter.js';
export {
  Participant,
  type DataKind,
  type ParticipantEventMap,
  type SubscriptionStatus,
} from './participant.js';
export {
  connectRoom,
  Room,
  RoomConnectError,
  type BackoffOptions,
  type ConnectionState,
  type ConnectRoomOptions,
  type DisconnectReason,
  type RoomEventMap,
} from './room.js';
