/**
 * The payload types of roomhooks' extended events (see `extended-events.ts`). These are **roomhooks
 * extensions**: LiveKit's `WebhookEvent` has no field for them, so they travel as extra top-level fields of the
 * same JSON object, written after every LiveKit field. LiveKit receivers (livekit-server-sdk, Go
 * `webhook.ReceiveWebhookEvent`) discard unknown fields, so an extended event still decodes there.
 *
 * Enum numbers follow LiveKit's own protos where one exists (`ConnectionQuality`, `StreamState`,
 * `DataPacket.Kind` in `livekit_models`), so a value means the same thing on both sides.
 *
 * @module
 */

/**
 * How good a participant's connection is (`livekit.ConnectionQuality`: POOR=0, GOOD=1, EXCELLENT=2, LOST=3).
 * Unlike LiveKit fields, the event field that carries it has explicit presence, so `POOR` is written.
 */
export type ConnectionQuality = 'POOR' | 'GOOD' | 'EXCELLENT' | 'LOST';

/**
 * Whether the SFU forwards a track (`livekit.StreamState`: ACTIVE=0, PAUSED=1); `PAUSED` means forwarding
 * stopped, typically for lack of bandwidth. Written even when `ACTIVE` (explicit presence).
 */
export type StreamState = 'ACTIVE' | 'PAUSED';

/** How a data message was sent (`livekit.DataPacket.Kind`: RELIABLE=0, LOSSY=1). */
export type DataPacketKind = 'RELIABLE' | 'LOSSY';

/** One entry of `speakers` on `active_speakers_changed` (LiveKit's `SpeakerInfo`, plus `identity`). */
export interface SpeakerInfo {
  /** Participant sid (`PA_…`). */
  sid?: string;
  /** Participant identity (a roomhooks addition: LiveKit's `SpeakerInfo` has only the sid). */
  identity?: string;
  /** Audio level, 0 (silent) to 1 (loudest). */
  level?: number;
  /** Whether the participant is currently speaking. Absent means false. */
  active?: boolean;
}

/** The message of a `data_received` event. */
export interface DataMessage {
  /** The payload bytes, standard base64 with padding (protobuf-JSON `bytes`). */
  payload?: string;
  /** The application-defined topic, if the sender set one. */
  topic?: string;
  /** `RELIABLE` (the zero value, so absent on the wire) or `LOSSY`. */
  kind?: DataPacketKind | number;
}
