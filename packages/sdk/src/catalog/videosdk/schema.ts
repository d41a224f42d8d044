import type { VideoSdkDataByType } from './payloads.js';
import type { VideoSdkWebhookType } from './webhook-types.js';

/** How one `data` field is checked: a plain string, `'audio' | 'video'`, or a `[{filePath, fileUrl}]` list. */
export type VideoSdkFieldCheck = 'string' | 'media-kind' | 'file-details';

/** The rule for one `data` field of one webhook type. */
export interface VideoSdkFieldRule<Required extends boolean = boolean> {
  readonly check: VideoSdkFieldCheck;
  readonly required: Required;
}

// Mapping every key of each payload interface to a rule, with `required` matching the key's optionality, makes
// the compiler catch any drift between the types in payloads.ts and the checks the decoder runs.
type RulesFor<D> = {
  readonly [K in keyof D]-?: VideoSdkFieldRule<object extends Pick<D, K> ? false : true>;
};

/** The field rules of every VideoSDK webhook type. */
export type VideoSdkSchema = { readonly [T in VideoSdkWebhookType]: RulesFor<VideoSdkDataByType[T]> };

const req = <C extends VideoSdkFieldCheck>(check: C) => ({ check, required: true }) as const;
const opt = <C extends VideoSdkFieldCheck>(check: C) => ({ check, required: false }) as const;

const meeting = { meetingId: req('string'), sessionId: req('string') } as const;
const participant = { ...meeting, participantId: req('string'), participantName: req('string') } as const;
const track = { ...meeting, participantId: req('string'), kind: req('media-kind') } as const;
const participantRecording = { ...meeting, participantId: req('string'), fileFormat: req('string') } as const;
const transcription = { id: req('string'), type: req('string'), ...meeting } as const;

/** Which `data` fields each VideoSDK webhook type carries, and how each is checked. Internal to the decoder. */
export const VIDEOSDK_SCHEMA: VideoSdkSchema = {
  'session-started': { ...meeting, start: req('string') },
  'session-ended': { ...meeting, start: req('string'), end: req('string') },
  'participant-joined': participant,
  'participant-left': participant,
  'recording-starting': meeting,
  'recording-started': meeting,
  'recording-stopping': meeting,
  'recording-stopped': { ...meeting, filePath: req('string'), fileUrl: req('string') },
  'recording-failed': meeting,
  'participant-recording-starting': participantRecording,
  'participant-recording-started': participantRecording,
  'participant-recording-stopping': participantRecording,
  'participant-recording-stopped': {
    ...meeting,
    participantId: req('string'),
    fileDetails: req('file-details'),
  },
  'participant-recording-failed': { ...meeting, participantId: req('string') },
  'participant-track-recording-starting': track,
  'participant-track-recording-started': track,
  'participant-track-recording-stopping': track,
  'participant-track-recording-stopped': { ...track, fileDetails: req('file-details') },
  'participant-track-recording-failed': track,
  'livestream-starting': meeting,
  'livestream-started': meeting,
  'livestream-stopping': meeting,
  'livestream-stopped': meeting,
  'livestream-failed': meeting,
  'hls-starting': meeting,
  'hls-started': { ...meeting, playbackHlsUrl: opt('string') },
  'hls-playable': {
    ...meeting,
    playbackHlsUrl: req('string'),
    livestreamUrl: opt('string'),
    downstreamUrl: opt('string'),
  },
  'hls-stopping': meeting,
  'hls-stopped': meeting,
  'hls-failed': meeting,
  'transcription-started': transcription,
  'transcription-stopped': transcription,
  'transcription-failed': transcription,
  'resource-acquired': { id: req('string'), type: req('string') },
};
