import type { VideoSdkDataByType, VideoSdkFileDetail, VideoSdkWebhookOf } from './payloads.js';
import type { VideoSdkWebhookType } from './webhook-types.js';

// The values of VideoSDK's own published example for each type (API v2), kept verbatim, including the
// example's `end` of `15:60:35`, which is not a valid time of day: samples mirror the documentation, not reality.
const MEETING = { meetingId: 'jvsg-8rjn-j304', sessionId: '613731342f27f56e4fc4b6d0' } as const;
const START = '2022-07-05T15:55:35.047+00:00';
const END = '2022-07-05T15:60:35.047+00:00';
const FILE_PATH = '/encoded/videos/62d148951a1eb20029fc9b05.mp4';
const FILE_URL = 'https://cdn.videosdk.live/encoded/videos/62d148951a1eb20029fc9b05.mp4';
const HLS_URL = 'https://cdn.videosdk.live/meetings-hls/b8a770ef-d713-4a27-9ab7-e5a0b724caaf/index.m3u8';
const TRANSCRIPTION = {
  id: '40b0a4ed-9842-40c9-a288-e4b1bf98a90a',
  type: 'realtime',
  meetingId: 'jvsg-8rjn-j304',
  sessionId: '621497578bea0d0404c35c4c',
} as const;

const files = (): VideoSdkFileDetail[] => [{ filePath: FILE_PATH, fileUrl: FILE_URL }];
const participant = () => ({ ...MEETING, participantId: 'fkd74h', participantName: 'John' });
const track = () => ({ ...MEETING, participantId: 'abcd', kind: 'audio' as const });
const participantRecording = () => ({ ...MEETING, participantId: 'abcd', fileFormat: 'webm' });

// Factories rather than shared objects, so that no caller can mutate another caller's sample.
const SAMPLES: { readonly [T in VideoSdkWebhookType]: () => VideoSdkDataByType[T] } = {
  'session-started': () => ({ sessionId: MEETING.sessionId, meetingId: MEETING.meetingId, start: START }),
  'session-ended': () => ({
    sessionId: MEETING.sessionId,
    meetingId: MEETING.meetingId,
    start: START,
    end: END,
  }),
  'participant-joined': participant,
  'participant-left': participant,
  'recording-starting': () => ({ ...MEETING }),
  'recording-started': () => ({ ...MEETING }),
  'recording-stopping': () => ({ ...MEETING }),
  'recording-stopped': () => ({ ...MEETING, filePath: FILE_PATH, fileUrl: FILE_URL }),
  'recording-failed': () => ({ ...MEETING }),
  'participant-recording-starting': participantRecording,
  'participant-recording-started': participantRecording,
  'participant-recording-stopping': participantRecording,
  'participant-recording-stopped': () => ({ ...MEETING, participantId: 'abcd', fileDetails: files() }),
  'participant-recording-failed': () => ({ ...MEETING, participantId: 'abcd' }),
  'participant-track-recording-starting': track,
  'participant-track-recording-started': track,
  'participant-track-recording-stopping': track,
  'participant-track-recording-stopped': () => ({ ...track(), fileDetails: files() }),
  'participant-track-recording-failed': track,
  'livestream-starting': () => ({ ...MEETING }),
  'livestream-started': () => ({ ...MEETING }),
  'livestream-stopping': () => ({ ...MEETING }),
  'livestream-stopped': () => ({ ...MEETING }),
  'livestream-failed': () => ({ ...MEETING }),
  'hls-starting': () => ({ ...MEETING }),
  'hls-started': () => ({ ...MEETING, playbackHlsUrl: HLS_URL }),
  'hls-playable': () => ({ ...MEETING, playbackHlsUrl: HLS_URL }),
  'hls-stopping': () => ({ ...MEETING }),
  'hls-stopped': () => ({ ...MEETING }),
  'hls-failed': () => ({ ...MEETING }),
  'transcription-started': () => ({ ...TRANSCRIPTION }),
  'transcription-stopped': () => ({ ...TRANSCRIPTION }),
  'transcription-failed': () => ({ ...TRANSCRIPTION }),
  'resource-acquired': () => ({ id: 'abcdef9879288c1f48339f64', type: 'recording' }),
};

/**
 * A fresh copy of VideoSDK's published example webhook of `type`, with `overrides` merged over its `data`.
 * Deterministic: the same arguments always give an equal value. Meant for tests, docs and the simulator.
 *
 * @example
 * ```ts
 * sampleVideoSdkWebhook('participant-joined', { participantName: 'Ann' });
 * // { webhookType: 'participant-joined',
 * //   data: { meetingId: 'jvsg-8rjn-j304', sessionId: '613731342f27f56e4fc4b6d0', participantId: 'fkd74h',
 * //           participantName: 'Ann' } }
 * ```
 */
export function sampleVideoSdkWebhook<T extends VideoSdkWebhookType>(
  type: T,
  overrides?: Partial<VideoSdkDataByType[T]>,
): VideoSdkWebhookOf<T> {
  const make: () => VideoSdkDataByType[T] = SAMPLES[type];
  return { webhookType: type, data: { ...make(), ...overrides } };
}
