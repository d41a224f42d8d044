import type { VideoSdkWebhookType } from './webhook-types.js';

// Field names and which fields each type carries follow VideoSDK's published examples (API v2) exactly.
// A field is required when VideoSDK's example for that type shows it; the few optional ones are noted.

/** Identifies one run of a meeting; the base of almost every VideoSDK payload. */
export interface VideoSdkMeetingData {
  /** The meeting (room) id, e.g. `jvsg-8rjn-j304`. */
  meetingId: string;
  /** One run (session) of that meeting, e.g. `613731342f27f56e4fc4b6d0`. */
  sessionId: string;
}

/** `data` of `session-started`. */
export interface VideoSdkSessionStartedData extends VideoSdkMeetingData {
  /** When the session began, ISO-8601 (VideoSDK writes e.g. `2022-07-05T15:55:35.047+00:00`). */
  start: string;
}

/** `data` of `session-ended`. */
export interface VideoSdkSessionEndedData extends VideoSdkSessionStartedData {
  /** When the session closed, ISO-8601. */
  end: string;
}

/** `data` of `participant-joined` and `participant-left`. */
export interface VideoSdkParticipantData extends VideoSdkMeetingData {
  participantId: string;
  /** The participant's display name. */
  participantName: string;
}

/** One recorded file: where it is stored and where it can be downloaded. */
export interface VideoSdkFileDetail {
  /** Path of the file in storage, e.g. `/encoded/videos/62d148951a1eb20029fc9b05.mp4`. */
  filePath: string;
  /** Download URL of the file. */
  fileUrl: string;
}

/** `data` of `recording-stopped`: the meeting's recording file. */
export interface VideoSdkRecordingStoppedData extends VideoSdkMeetingData, VideoSdkFileDetail {}

/** The media kind of a recorded track. */
export type VideoSdkMediaKind = 'audio' | 'video';

/** `data` of `participant-track-recording-starting/-started/-stopping/-failed`. */
export interface VideoSdkTrackRecordingData extends VideoSdkMeetingData {
  participantId: string;
  kind: VideoSdkMediaKind;
}

/** `data` of `participant-track-recording-stopped`. */
export interface VideoSdkTrackRecordingStoppedData extends VideoSdkTrackRecordingData {
  fileDetails: VideoSdkFileDetail[];
}

/** `data` of `participant-recording-starting/-started/-stopping`. */
export interface VideoSdkParticipantRecordingData extends VideoSdkMeetingData {
  participantId: string;
  /** Container format of the recording, e.g. `webm`. */
  fileFormat: string;
}

/** `data` of `participant-recording-stopped` (VideoSDK's example carries no `fileFormat` here). */
export interface VideoSdkParticipantRecordingStoppedData extends VideoSdkMeetingData {
  participantId: string;
  fileDetails: VideoSdkFileDetail[];
}

/** `data` of `participant-recording-failed`. */
export interface VideoSdkParticipantRecordingFailedData extends VideoSdkMeetingData {
  participantId: string;
}

/** `data` of `hls-started`. */
export interface VideoSdkHlsStartedData extends VideoSdkMeetingData {
  /**
   * Playlist URL with playback (seek-back) support. Optional here because encoding can start before the playlist
   * exists; `hls-playable` is the event that promises it.
   */
  playbackHlsUrl?: string;
}

/** `data` of `hls-playable`. */
export interface VideoSdkHlsPlayableData extends VideoSdkMeetingData {
  /** Playlist URL with playback (seek-back) support. */
  playbackHlsUrl: string;
  /** Live-only playlist URL, without playback support. Described by VideoSDK, absent from its example. */
  livestreamUrl?: string;
  /** @deprecated VideoSDK's older name; use `playbackHlsUrl` or `livestreamUrl`. */
  downstreamUrl?: string;
}

/** `data` of `transcription-started/-stopped/-failed`. */
export interface VideoSdkTranscriptionData extends VideoSdkMeetingData {
  /** The transcription's id. */
  id: string;
  /** `realtime`, or the post-meeting kind. */
  type: string;
}

/** `data` of `resource-acquired` (no meeting fields). */
export interface VideoSdkResourceAcquiredData {
  /** The resource's id. */
  id: string;
  /** What the resource is for, e.g. `recording`. */
  type: string;
}

/** The `data` shape of every VideoSDK webhook type, keyed by its wire name. */
export interface VideoSdkDataByType {
  'session-started': VideoSdkSessionStartedData;
  'session-ended': VideoSdkSessionEndedData;
  'participant-joined': VideoSdkParticipantData;
  'participant-left': VideoSdkParticipantData;
  'recording-starting': VideoSdkMeetingData;
  'recording-started': VideoSdkMeetingData;
  'recording-stopping': VideoSdkMeetingData;
  'recording-stopped': VideoSdkRecordingStoppedData;
  'recording-failed': VideoSdkMeetingData;
  'participant-recording-starting': VideoSdkParticipantRecordingData;
  'participant-recording-started': VideoSdkParticipantRecordingData;
  'participant-recording-stopping': VideoSdkParticipantRecordingData;
  'participant-recording-stopped': VideoSdkParticipantRecordingStoppedData;
  'participant-recording-failed': VideoSdkParticipantRecordingFailedData;
  'participant-track-recording-starting': VideoSdkTrackRecordingData;
  'participant-track-recording-started': VideoSdkTrackRecordingData;
  'participant-track-recording-stopping': VideoSdkTrackRecordingData;
  'participant-track-recording-stopped': VideoSdkTrackRecordingStoppedData;
  'participant-track-recording-failed': VideoSdkTrackRecordingData;
  'livestream-starting': VideoSdkMeetingData;
  'livestream-started': VideoSdkMeetingData;
  'livestream-stopping': VideoSdkMeetingData;
  'livestream-stopped': VideoSdkMeetingData;
  'livestream-failed': VideoSdkMeetingData;
  'hls-starting': VideoSdkMeetingData;
  'hls-started': VideoSdkHlsStartedData;
  'hls-playable': VideoSdkHlsPlayableData;
  'hls-stopping': VideoSdkMeetingData;
  'hls-stopped': VideoSdkMeetingData;
  'hls-failed': VideoSdkMeetingData;
  'transcription-started': VideoSdkTranscriptionData;
  'transcription-stopped': VideoSdkTranscriptionData;
  'transcription-failed': VideoSdkTranscriptionData;
  'resource-acquired': VideoSdkResourceAcquiredData;
}

/** The `data` shape of one VideoSDK webhook type, e.g. `VideoSdkWebhookData<'recording-stopped'>`. */
export type VideoSdkWebhookData<T extends VideoSdkWebhookType> = VideoSdkDataByType[T];

/** One VideoSDK webhook of type `T`, exactly as its JSON body reads. */
export interface VideoSdkWebhookOf<T extends VideoSdkWebhookType> {
  webhookType: T;
  data: VideoSdkDataByType[T];
}

/**
 * A VideoSDK webhook body of one of the 34 known types: `{ webhookType, data }`, discriminated on `webhookType`
 * so that a `switch` narrows `data`.
 *
 * @example
 * ```ts
 * switch (webhook.webhookType) {
 *   case 'participant-joined':
 *     greet(webhook.data.participantName);
 *     break;
 *   case 'participant-track-recording-stopped':
 *     for (const file of webhook.data.fileDetails) archive(webhook.data.kind, file.fileUrl);
 *     break;
 * }
 * ```
 */
export type VideoSdkWebhook = { [T in VideoSdkWebhookType]: VideoSdkWebhookOf<T> }[VideoSdkWebhookType];

/**
 * A VideoSDK webhook whose type this SDK does not know (VideoSDK added one after this release). Its `data` is
 * only known to be a JSON object. Kept apart from {@link VideoSdkWebhook} so that narrowing on `webhookType`
 * keeps its precision.
 */
export interface UnknownVideoSdkWebhook {
  webhookType: string;
  data: Record<string, unknown>;
}
