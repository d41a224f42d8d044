import type {
  EgressInfo,
  EgressStatus,
  EncodedFileType,
  FileInfo,
  LooseWebhookEvent,
  OpenEnum,
  Room,
  WebhookEventName,
} from './livekit/index.js';
import type { VideoSdkMediaKind, VideoSdkMeetingData, VideoSdkWebhook } from './videosdk/index.js';
import { formatVideoSdkTimestamp } from './videosdk/timestamp.js';

// Our mapping of LiveKit events onto VideoSDK webhooks (spec/videosdk.md). Two rules hold throughout:
// - A LiveKit field that is absent stands for its protobuf default (protojson omits defaults), so a missing
//   string becomes "" and a missing time becomes the Unix epoch, rather than the event being dropped.
// - Egress events carry no times VideoSDK wants, so only room times (seconds) are converted.

/** What the translator cannot see in a track egress, supplied by a caller who saw the track published. */
export interface TrackDetails {
  /** Identity of the participant who published the track. */
  participantId?: string;
  /** Whether the track is audio or video (LiveKit's `TrackInfo.type`). */
  kind?: VideoSdkMediaKind;
}

/** Options of {@link livekitToVideoSdk} and {@link livekitToVideoSdkAll}. */
export interface LivekitToVideoSdkOptions {
  /**
   * Looks up a track by its sid (`TR_…`). A LiveKit track egress names only the track, so without this the
   * `participant-track-recording-*` webhooks have `participantId: ""` and a `kind` guessed from the file name.
   */
  lookupTrack?: (trackSid: string) => TrackDetails | undefined;
}

/**
 * The LiveKit events that can have a VideoSDK equivalent. Egress events among them still translate to nothing
 * when the egress has no VideoSDK counterpart (image-only, websocket track, replay export).
 */
export const VIDEOSDK_TRANSLATABLE_EVENTS: readonly WebhookEventName[] = Object.freeze([
  'room_started',
  'room_finished',
  'participant_joined',
  'participant_left',
  'participant_connection_aborted',
  'egress_started',
  'egress_updated',
  'egress_ended',
] as const);

const TRANSLATABLE: ReadonlySet<string> = new Set(VIDEOSDK_TRANSLATABLE_EVENTS);

/**
 * True when LiveKit events named `eventName` can be delivered to a VideoSDK-format endpoint; false for
 * `track_*`, `ingress_*`, `agent_job_*` and unknown names.
 *
 * @example
 * ```ts
 * hasVideoSdkEquivalent('participant_left'); // true
 * hasVideoSdkEquivalent('track_published'); // false
 * ```
 */
export function hasVideoSdkEquivalent(eventName: string): boolean {
  return TRANSLATABLE.has(eventName);
}

/**
 * Translates one LiveKit webhook event into the VideoSDK webhook that says the same thing, or `undefined` when
 * VideoSDK has no equivalent (`track_*`, `ingress_*`, `agent_job_*`, unknown events, egresses VideoSDK has no
 * notion of). Pure: the same event always gives an equal result.
 *
 * An egress with several kinds of output (say a file and an HLS stream) is several VideoSDK things at once;
 * this returns the first of them in the order recording, HLS, livestream. Use {@link livekitToVideoSdkAll}
 * to get every one.
 *
 * | LiveKit | VideoSDK |
 * |---|---|
 * | `room_started` / `room_finished` | `session-started` / `session-ended` |
 * | `participant_joined` | `participant-joined` |
 * | `participant_left`, `participant_connection_aborted` | `participant-left` |
 * | `egress_*`, file output of a room-composite, web or track-composite egress | `recording-*` |
 * | `egress_*`, file output of a participant egress | `participant-recording-*` |
 * | `egress_*`, file output of a track egress | `participant-track-recording-*` |
 * | `egress_*`, stream (RTMP/SRT) output | `livestream-*` |
 * | `egress_*`, segment (HLS) output | `hls-*` (`hls-playable` once the playlist location is known) |
 *
 * Egress status → suffix: absent (`EGRESS_STARTING`, the zero value) → `-starting`, `EGRESS_ACTIVE` →
 * `-started`, `EGRESS_ENDING` → `-stopping`, `EGRESS_COMPLETE` → `-stopped`, `EGRESS_FAILED`,
 * `EGRESS_ABORTED`, `EGRESS_LIMIT_REACHED` → `-failed`.
 *
 * @example
 * ```ts
 * livekitToVideoSdk({
 *   event: 'participant_joined',
 *   room: { sid: 'RM_7A62FjVFwWw5', name: 'demo-room' },
 *   participant: { identity: 'alice', name: 'Alice' },
 * });
 * // { webhookType: 'participant-joined',
 * //   data: { meetingId: 'demo-room', sessionId: 'RM_7A62FjVFwWw5', participantId: 'alice', participantName: 'Alice' } }
 * ```
 */
export function livekitToVideoSdk(
  event: LooseWebhookEvent,
  options?: LivekitToVideoSdkOptions,
): VideoSdkWebhook | undefined {
  return livekitToVideoSdkAll(event, options)[0];
}

/**
 * Like {@link livekitToVideoSdk}, but returns every VideoSDK webhook the event stands for: none, one, or (for
 * an egress with several kinds of output) up to three, in the order recording, HLS, livestream.
 *
 * @example
 * ```ts
 * for (const webhook of livekitToVideoSdkAll(event)) await deliver(webhook);
 * ```
 */
export function livekitToVideoSdkAll(
  event: LooseWebhookEvent,
  options?: LivekitToVideoSdkOptions,
): VideoSdkWebhook[] {
  const room = event.room ?? {};
  switch (event.event) {
    case 'room_started':
      return [{ webhookType: 'session-started', data: { ...session(room), start: roomStart(room) } }];
    case 'room_finished':
      return [
        {
          webhookType: 'session-ended',
          data: {
            ...session(room),
            start: roomStart(room),
            end: isoFromInt64(event.createdAt, 1000n) ?? EPOCH,
          },
        },
      ];
    case 'participant_joined':
    case 'participant_left':
    case 'participant_connection_aborted':
      return [
        {
          webhookType: event.event === 'participant_joined' ? 'participant-joined' : 'participant-left',
          data: {
            ...session(room),
            participantId: event.participant?.identity ?? '',
            participantName: event.participant?.name ?? '',
          },
        },
      ];
    case 'egress_started':
    case 'egress_updated':
    case 'egress_ended':
      return event.egressInfo === undefined ? [] : fromEgress(event.egressInfo, room, options);
    default:
      return [];
  }
}

// ---- rooms and participants ----

const EPOCH = formatVideoSdkTimestamp(0) ?? '1970-01-01T00:00:00.000+00:00';

function session(room: Room): VideoSdkMeetingData {
  return { meetingId: room.name ?? '', sessionId: room.sid ?? '' };
}

function roomStart(room: Room): string {
  return isoFromInt64(room.creationTime, 1000n) ?? isoFromInt64(room.creationTimeMs, 1n) ?? EPOCH;
}

/** An int64 decimal string in units of `msPerUnit` milliseconds, as a VideoSDK timestamp. */
function isoFromInt64(value: string | undefined, msPerUnit: bigint): string | undefined {
  if (value === undefined || !/^-?\d{1,20}$/.test(value)) return undefined;
  const ms = BigInt(value) * msPerUnit;
  // Outside ±8.64e15 ms a Date is invalid; checking as BigInt first avoids rounding surprises near the edge.
  if (ms > 8_640_000_000_000_000n || ms < -8_640_000_000_000_000n) return undefined;
  return formatVideoSdkTimestamp(Number(ms));
}

// ---- egress ----

type Phase = 'starting' | 'started' | 'stopping' | 'stopped' | 'failed';

function phaseOf(status: OpenEnum<EgressStatus> | undefined): Phase | undefined {
  switch (status) {
    case undefined: // omitted on the wire: EGRESS_STARTING is the zero value
    case 'EGRESS_STARTING':
    case 0:
      return 'starting';
    case 'EGRESS_ACTIVE':
    case 1:
      return 'started';
    case 'EGRESS_ENDING':
    case 2:
      return 'stopping';
    case 'EGRESS_COMPLETE':
    case 3:
      return 'stopped';
    case 'EGRESS_FAILED':
    case 'EGRESS_ABORTED':
    case 'EGRESS_LIMIT_REACHED':
    case 4:
    case 5:
    case 6:
      return 'failed';
    default:
      return undefined; // a status newer than this SDK: better to say nothing than something wrong
  }
}

/** Whose media an egress records, and which kinds of output it has, read from its request and its results. */
interface EgressShape {
  whose: 'meeting' | 'participant' | 'track';
  /** Participant identity (participant egress) or track sid (track egress). */
  subject: string;
  roomName: string | undefined;
  hasFile: boolean;
  hasStream: boolean;
  hasSegments: boolean;
  /** Type and path of the first requested file output, for `fileFormat` and the track kind. */
  fileType: OpenEnum<EncodedFileType> | undefined;
  filepath: string | undefined;
}

// The output fields that room-composite, web, track-composite and participant requests have in common.
interface Outputs {
  file?: { fileType?: OpenEnum<EncodedFileType>; filepath?: string } | undefined;
  stream?: object | undefined;
  segments?: object | undefined;
  fileOutputs?: { fileType?: OpenEnum<EncodedFileType>; filepath?: string }[] | undefined;
  streamOutputs?: object[] | undefined;
  segmentOutputs?: object[] | undefined;
}

function shapeOf(info: EgressInfo): EgressShape | undefined {
  const shape: EgressShape = {
    whose: 'meeting',
    subject: '',
    roomName: undefined,
    hasFile: false,
    hasStream: false,
    hasSegments: false,
    fileType: undefined,
    filepath: undefined,
  };
  const takeOutputs = (request: Outputs): void => {
    const files = [...(request.file ? [request.file] : []), ...(request.fileOutputs ?? [])];
    shape.hasFile = files.length > 0;
    shape.fileType = files[0]?.fileType;
    shape.filepath = files[0]?.filepath;
    shape.hasStream = request.stream !== undefined || (request.streamOutputs?.length ?? 0) > 0;
    shape.hasSegments = request.segments !== undefined || (request.segmentOutputs?.length ?? 0) > 0;
  };
  const request = info.roomComposite ?? info.web ?? info.trackComposite;
  if (request !== undefined) {
    takeOutputs(request);
    if ('roomName' in request) shape.roomName = request.roomName;
  } else if (info.participant !== undefined) {
    takeOutputs(info.participant);
    shape.whose = 'participant';
    shape.subject = info.participant.identity ?? '';
    shape.roomName = info.participant.roomName;
  } else if (info.track !== undefined) {
    // A track egress writes the raw track to one file, or sends it to a websocket (no VideoSDK equivalent).
    shape.whose = 'track';
    shape.subject = info.track.trackId ?? '';
    shape.roomName = info.track.roomName;
    shape.hasFile = info.track.file !== undefined;
    shape.filepath = info.track.file?.filepath;
  } else if (info.egress !== undefined) {
    const { media, outputs = [] } = info.egress;
    const identity = media?.participantVideo?.identity;
    if (identity !== undefined) {
      shape.whose = 'participant';
      shape.subject = identity;
    }
    shape.roomName = info.egress.roomName;
    const files = outputs.flatMap((o) => (o.file ? [o.file] : []));
    shape.hasFile = files.length > 0;
    shape.fileType = files[0]?.fileType;
    shape.filepath = files[0]?.filepath;
    shape.hasStream = outputs.some((o) => o.stream !== undefined);
    shape.hasSegments = outputs.some((o) => o.segments !== undefined);
  } else if (info.replay !== undefined) {
    return undefined; // exports a past session: VideoSDK has no such notion
  }
  // Results confirm outputs even when the request was left out of the event.
  shape.hasFile ||= (info.fileResults?.length ?? 0) > 0 || info.file !== undefined;
  shape.hasStream ||= (info.streamResults?.length ?? 0) > 0 || info.stream !== undefined;
  shape.hasSegments ||= (info.segmentResults?.length ?? 0) > 0 || info.segments !== undefined;
  return shape;
}

function fromEgress(
  info: EgressInfo,
  room: Room,
  options: LivekitToVideoSdkOptions | undefined,
): VideoSdkWebhook[] {
  const phase = phaseOf(info.status);
  const shape = shapeOf(info);
  if (phase === undefined || shape === undefined) return [];
  const base: VideoSdkMeetingData = {
    meetingId: nonEmpty(info.roomName) ?? nonEmpty(room.name) ?? shape.roomName ?? '',
    sessionId: nonEmpty(info.roomId) ?? room.sid ?? '',
  };
  const out: VideoSdkWebhook[] = [];
  if (shape.hasFile) {
    if (shape.whose === 'participant') out.push(participantRecording(phase, base, shape, info));
    else if (shape.whose === 'track') out.push(trackRecording(phase, base, shape, info, options));
    else out.push(recording(phase, base, info));
  }
  if (shape.hasSegments) out.push(hls(phase, base, info));
  if (shape.hasStream) out.push(livestream(phase, base));
  return out;
}

function recording(phase: Phase, base: VideoSdkMeetingData, info: EgressInfo): VideoSdkWebhook {
  if (phase !== 'stopped') return { webhookType: `recording-${phase}`, data: { ...base } };
  const [first = { filePath: '', fileUrl: '' }] = fileDetails(info);
  return { webhookType: 'recording-stopped', data: { ...base, ...first } };
}

function participantRecording(
  phase: Phase,
  base: VideoSdkMeetingData,
  shape: EgressShape,
  info: EgressInfo,
): VideoSdkWebhook {
  const data = { ...base, participantId: shape.subject };
  switch (phase) {
    case 'stopped':
      return {
        webhookType: 'participant-recording-stopped',
        data: { ...data, fileDetails: fileDetails(info) },
      };
    case 'failed':
      return { webhookType: 'participant-recording-failed', data };
    default:
      return {
        webhookType: `participant-recording-${phase}`,
        data: { ...data, fileFormat: fileFormat(shape, info) },
      };
  }
}

function trackRecording(
  phase: Phase,
  base: VideoSdkMeetingData,
  shape: EgressShape,
  info: EgressInfo,
  options: LivekitToVideoSdkOptions | undefined,
): VideoSdkWebhook {
  const known = options?.lookupTrack?.(shape.subject);
  // Without a lookup, the container tells: LiveKit writes audio tracks as Ogg and video as WebM/MP4/IVF. With
  // nothing to go on, AUDIO, LiveKit's zero TrackType, is what an absent `type` would mean.
  const kind =
    known?.kind ??
    kindFromExtension(shape.filepath) ??
    kindFromExtension(firstFile(info)?.filename) ??
    ('audio' satisfies VideoSdkMediaKind);
  const data = { ...base, participantId: known?.participantId ?? '', kind };
  if (phase === 'stopped') {
    return {
      webhookType: 'participant-track-recording-stopped',
      data: { ...data, fileDetails: fileDetails(info) },
    };
  }
  return { webhookType: `participant-track-recording-${phase}`, data };
}

function hls(phase: Phase, base: VideoSdkMeetingData, info: EgressInfo): VideoSdkWebhook {
  if (phase !== 'started') return { webhookType: `hls-${phase}`, data: { ...base } };
  const segments = info.segmentResults?.[0] ?? info.segments;
  const playbackHlsUrl = nonEmpty(segments?.playlistLocation);
  if (playbackHlsUrl === undefined) return { webhookType: 'hls-started', data: { ...base } };
  const livestreamUrl = nonEmpty(segments?.livePlaylistLocation);
  return {
    webhookType: 'hls-playable',
    data:
      livestreamUrl === undefined ? { ...base, playbackHlsUrl } : { ...base, playbackHlsUrl, livestreamUrl },
  };
}

function livestream(phase: Phase, base: VideoSdkMeetingData): VideoSdkWebhook {
  return { webhookType: `livestream-${phase}`, data: { ...base } };
}

// ---- files ----

function firstFile(info: EgressInfo): FileInfo | undefined {
  return info.fileResults?.[0] ?? info.file;
}

function fileDetails(info: EgressInfo): { filePath: string; fileUrl: string }[] {
  const files = info.fileResults ?? (info.file ? [info.file] : []);
  return files.map((f) => ({ filePath: f.filename ?? '', fileUrl: f.location ?? '' }));
}

const FORMAT_BY_FILE_TYPE: Readonly<Record<string, string>> = {
  MP4: 'mp4',
  1: 'mp4',
  OGG: 'ogg',
  2: 'ogg',
  MP3: 'mp3',
  3: 'mp3',
};

/** The participant recording's container: the requested file type, else the file name's extension, else MP4. */
function fileFormat(shape: EgressShape, info: EgressInfo): string {
  const byType = shape.fileType === undefined ? undefined : FORMAT_BY_FILE_TYPE[shape.fileType];
  // LiveKit's DEFAULT_FILETYPE resolves to MP4 when the egress has video, which a participant egress has.
  return byType ?? extensionOf(shape.filepath) ?? extensionOf(firstFile(info)?.filename) ?? 'mp4';
}

const AUDIO_EXTENSIONS: ReadonlySet<string> = new Set([
  'ogg',
  'oga',
  'opus',
  'mp3',
  'm4a',
  'aac',
  'wav',
  'flac',
]);
const VIDEO_EXTENSIONS: ReadonlySet<string> = new Set(['webm', 'mp4', 'ivf', 'mkv', 'mov', 'h264', 'ts']);

function kindFromExtension(path: string | undefined): VideoSdkMediaKind | undefined {
  const ext = extensionOf(path);
  if (ext === undefined) return undefined;
  if (AUDIO_EXTENSIONS.has(ext)) return 'audio';
  return VIDEO_EXTENSIONS.has(ext) ? 'video' : undefined;
}

/** Lower-cased extension of a path's last segment (`recordings/{time}.MP4` → `mp4`), if it has one. */
function extensionOf(path: string | undefined): string | undefined {
  const match = path === undefined ? null : /\.([A-Za-z0-9]{1,5})$/.exec(path);
  return match?.[1]?.toLowerCase();
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}
