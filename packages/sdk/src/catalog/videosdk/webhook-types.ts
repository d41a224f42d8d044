/**
 * The 34 webhook types VideoSDK (API v2) delivers, as `{ CONSTANT_NAME: 'wire-name' }`. The wire name is what
 * arrives in a body's `webhookType` field.
 *
 * @example
 * ```ts
 * if (webhook.webhookType === VideoSdkWebhookTypes.RECORDING_STOPPED) download(webhook.data.fileUrl);
 * ```
 */
export const VideoSdkWebhookTypes = {
  // --- session: one run of a meeting ---
  /** A new session of the meeting has begun; carries `start`. */
  SESSION_STARTED: 'session-started',
  /** Every participant has left and the session is closed; carries `start` and `end`. */
  SESSION_ENDED: 'session-ended',

  // --- participants ---
  /** A participant has entered the meeting. */
  PARTICIPANT_JOINED: 'participant-joined',
  /** A participant has gone from the meeting. */
  PARTICIPANT_LEFT: 'participant-left',

  // --- recording of the whole meeting ---
  /** The meeting's recording has been requested and is being set up. */
  RECORDING_STARTING: 'recording-starting',
  /** The meeting is now being recorded. */
  RECORDING_STARTED: 'recording-started',
  /** Stopping the meeting's recording has begun. */
  RECORDING_STOPPING: 'recording-stopping',
  /** The meeting's recording has finished; carries the file's `filePath` and `fileUrl`. */
  RECORDING_STOPPED: 'recording-stopped',
  /** The meeting's recording broke down while starting or stopping. */
  RECORDING_FAILED: 'recording-failed',

  // --- recording of one participant (all of their media, composed) ---
  /** A participant's recording has been requested and is being set up. */
  PARTICIPANT_RECORDING_STARTING: 'participant-recording-starting',
  /** A participant is now being recorded. */
  PARTICIPANT_RECORDING_STARTED: 'participant-recording-started',
  /** Stopping a participant's recording has begun. */
  PARTICIPANT_RECORDING_STOPPING: 'participant-recording-stopping',
  /** A participant's recording has finished; carries the files in `fileDetails`. */
  PARTICIPANT_RECORDING_STOPPED: 'participant-recording-stopped',
  /** A participant's recording broke down while starting or stopping. */
  PARTICIPANT_RECORDING_FAILED: 'participant-recording-failed',

  // --- recording of one track (audio or video) of one participant ---
  /** Recording one of a participant's tracks has been requested and is being set up. */
  PARTICIPANT_TRACK_RECORDING_STARTING: 'participant-track-recording-starting',
  /** One of a participant's tracks is now being recorded. */
  PARTICIPANT_TRACK_RECORDING_STARTED: 'participant-track-recording-started',
  /** Stopping the recording of a participant's track has begun. */
  PARTICIPANT_TRACK_RECORDING_STOPPING: 'participant-track-recording-stopping',
  /** The recording of a participant's track has finished; carries the files in `fileDetails`. */
  PARTICIPANT_TRACK_RECORDING_STOPPED: 'participant-track-recording-stopped',
  /** The recording of a participant's track broke down while starting or stopping. */
  PARTICIPANT_TRACK_RECORDING_FAILED: 'participant-track-recording-failed',

  // --- livestream: the meeting pushed out over RTMP ---
  /** The livestream has been requested and is being set up. */
  LIVESTREAM_STARTING: 'livestream-starting',
  /** The meeting is now being livestreamed. */
  LIVESTREAM_STARTED: 'livestream-started',
  /** Stopping the livestream has begun. */
  LIVESTREAM_STOPPING: 'livestream-stopping',
  /** The livestream has ended. */
  LIVESTREAM_STOPPED: 'livestream-stopped',
  /** The livestream broke down while starting or stopping. */
  LIVESTREAM_FAILED: 'livestream-failed',

  // --- HLS: the meeting served as HTTP Live Streaming ---
  /** HLS output has been requested and is being set up. */
  HLS_STARTING: 'hls-starting',
  /** HLS encoding has begun; the playlist may not be playable yet. */
  HLS_STARTED: 'hls-started',
  /** The HLS playlist can now be played; carries `playbackHlsUrl` (and possibly `livestreamUrl`). */
  HLS_PLAYABLE: 'hls-playable',
  /** Stopping the HLS output has begun. */
  HLS_STOPPING: 'hls-stopping',
  /** The HLS output has ended. */
  HLS_STOPPED: 'hls-stopped',
  /** The HLS output broke down while starting or stopping. */
  HLS_FAILED: 'hls-failed',

  // --- transcription (sent to the webhook URL given when transcription was started) ---
  /** A realtime or post-meeting transcription has begun. */
  TRANSCRIPTION_STARTED: 'transcription-started',
  /** A realtime or post-meeting transcription has ended. */
  TRANSCRIPTION_STOPPED: 'transcription-stopped',
  /** A transcription broke down while starting or stopping. */
  TRANSCRIPTION_FAILED: 'transcription-failed',

  // --- resources ---
  /** A resource (e.g. a recorder) has been acquired and is ready for composition. */
  RESOURCE_ACQUIRED: 'resource-acquired',
} as const;

/** The wire name of one VideoSDK webhook type, e.g. `'participant-joined'`. */
export type VideoSdkWebhookType = (typeof VideoSdkWebhookTypes)[keyof typeof VideoSdkWebhookTypes];

/**
 * All 34 VideoSDK webhook type names, grouped by family (session, participant, recording, participant
 * recording, participant track recording, livestream, HLS, transcription, resource).
 */
export const VIDEOSDK_WEBHOOK_TYPES: readonly VideoSdkWebhookType[] = Object.freeze(
  Object.values(VideoSdkWebhookTypes),
);

const KNOWN: ReadonlySet<string> = new Set(VIDEOSDK_WEBHOOK_TYPES);

/**
 * True when `value` is one of the 34 VideoSDK webhook type names.
 *
 * @example
 * ```ts
 * isVideoSdkWebhookType('hls-playable'); // true
 * isVideoSdkWebhookType('room_started'); // false (a LiveKit name)
 * ```
 */
export function isVideoSdkWebhookType(value: unknown): value is VideoSdkWebhookType {
  return typeof value === 'string' && KNOWN.has(value);
}
