// The VideoSDK webhook catalog: type names, payload shapes, decoding and samples.
export { VideoSdkWebhookTypes, VIDEOSDK_WEBHOOK_TYPES, isVideoSdkWebhookType } from './webhook-types.js';
export type { VideoSdkWebhookType } from './webhook-types.js';
export type {
  VideoSdkMeetingData,
  VideoSdkSessionStartedData,
  VideoSdkSessionEndedData,
  VideoSdkParticipantData,
  VideoSdkFileDetail,
  VideoSdkRecordingStoppedData,
  VideoSdkMediaKind,
  VideoSdkTrackRecordingData,
  VideoSdkTrackRecordingStoppedData,
  VideoSdkParticipantRecordingData,
  VideoSdkParticipantRecordingStoppedData,
  VideoSdkParticipantRecordingFailedData,
  VideoSdkHlsStartedData,
  VideoSdkHlsPlayableData,
  VideoSdkTranscriptionData,
  VideoSdkResourceAcquiredData,
  VideoSdkDataByType,
  VideoSdkWebhookData,
  VideoSdkWebhookOf,
  VideoSdkWebhook,
  UnknownVideoSdkWebhook,
} from './payloads.js';
export { decodeVideoSdkWebhook, parseVideoSdkWebhook } from './decode.js';
export type { DecodeVideoSdkOptions, DecodedVideoSdkWebhook } from './decode.js';
export { sampleVideoSdkWebhook } from './samples.js';
export { formatVideoSdkTimestamp } from './timestamp.js';
