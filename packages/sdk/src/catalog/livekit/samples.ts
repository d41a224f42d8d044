import type { AnyWebhookEventName } from './extended-events.js';
import { WebhookError } from '../../errors.js';
import { sampleId } from './sample-ids.js';
import type { EgressInfo, IngressInfo, Job, ParticipantInfo, Room, TrackInfo } from './types.js';
import type { WebhookEvent, WebhookEventOf } from './webhook-event.js';

/** What a sample may be customised with; everything else is derived from these, so equal inputs give equal events. */
export interface SampleOverrides {
  /** Room name. Default `demo-room`. */
  room?: string;
  /** Participant identity (participant and track events). Default `alice`. */
  identity?: string;
  /** Event id. Default: an `EV_` id derived from the other inputs. */
  id?: string;
  /** Event time, Unix seconds as a decimal string. Default `1739900000`; every other time is derived from it. */
  createdAt?: string;
  /** Extra entropy for the derived ids (event, egress, ingress, job), e.g. a counter. Default `''`. */
  seed?: string;
}

interface Context {
  name: AnyWebhookEventName;
  room: string;
  identity: string;
  /** Event time in seconds. */
  at: bigint;
  seed: string;
}

const s = (n: bigint): string => n.toString();
const NS = 1_000_000_000n;

/** The full room as `room_*` and `participant_*` events carry it. */
function fullRoom(c: Context, numParticipants: number): Room {
  const created = c.at - 5n;
  const room: Room = {
    sid: sampleId('RM_', c.room),
    name: c.room,
    emptyTimeout: 300,
    departureTimeout: 20,
    creationTime: s(created),
    creationTimeMs: s(created * 1000n + 123n),
    turnPassword: sampleId('', 'turn' + c.room),
    enabledCodecs: [
      { mime: 'audio/opus' },
      { mime: 'audio/red' },
      { mime: 'video/VP8' },
      { mime: 'video/H264' },
    ],
  };
  if (numParticipants > 0) room.numParticipants = numParticipants;
  room.version = { unixMicro: s(created * 1_000_000n + 123_456n) };
  return room;
}

/** The `{sid, name}` stub track and egress events carry. */
function roomStub(c: Context): Room {
  return { sid: sampleId('RM_', c.room), name: c.room };
}

function participantSid(c: Context): string {
  return sampleId('PA_', c.room + '/' + c.identity);
}

function participantStub(c: Context): ParticipantInfo {
  return { sid: participantSid(c), identity: c.identity };
}

function participant(c: Context, left: boolean, aborted: boolean): ParticipantInfo {
  const joined = c.at - (left ? 60n : 1n);
  const p: ParticipantInfo = {
    sid: participantSid(c),
    identity: c.identity,
  };
  // JOINING is the zero value, so an aborted participant shows no state at all.
  if (!aborted) p.state = left ? 'DISCONNECTED' : 'ACTIVE';
  p.joinedAt = s(joined);
  p.joinedAtMs = s(joined * 1000n + 456n);
  p.name = c.identity.charAt(0).toUpperCase() + c.identity.slice(1);
  p.version = left ? 7 : 3;
  p.permission = { canSubscribe: true, canPublish: true, canPublishData: true };
  p.attributes = { role: 'host' };
  if (left) p.disconnectReason = 'CLIENT_INITIATED';
  if (aborted) p.disconnectReason = 'CONNECTION_TIMEOUT';
  return p;
}

function track(c: Context): TrackInfo {
  return {
    sid: sampleId('TR_', c.room + '/' + c.identity + '/mic'),
    source: 'MICROPHONE',
    mimeType: 'audio/red',
    mid: '1',
    stream: 'camera',
    version: { unixMicro: s(c.at * 1_000_000n + 526_591n) },
    audioFeatures: ['TF_ECHO_CANCELLATION', 'TF_NOISE_SUPPRESSION'],
  };
}

function egress(c: Context): EgressInfo {
  const started = (c.at - 660n) * NS;
  const info: EgressInfo = {
    egressId: sampleId('EG_', c.room + '/' + c.seed),
    roomId: sampleId('RM_', c.room),
    roomName: c.room,
  };
  // EGRESS_STARTING is the zero value: an egress_started event usually has no status.
  if (c.name === 'egress_updated') info.status = 'EGRESS_ACTIVE';
  if (c.name === 'egress_ended') info.status = 'EGRESS_COMPLETE';
  if (c.name === 'egress_started') {
    info.startedAt = s(c.at * NS);
    info.updatedAt = s(c.at * NS);
  } else {
    info.startedAt = s(started);
    if (c.name === 'egress_ended') info.endedAt = s(c.at * NS);
    info.updatedAt = s(c.at * NS);
  }
  info.roomComposite = {
    roomName: c.room,
    layout: 'grid',
    fileOutputs: [
      {
        fileType: 'MP4',
        filepath: 'recordings/{room_name}-{time}.mp4',
        s3: { region: 'us-east-1', bucket: 'my-bucket' },
      },
    ],
  };
  if (c.name === 'egress_ended') {
    const fileStart = started + NS;
    info.fileResults = [
      {
        filename: `recordings/${c.room}.mp4`,
        startedAt: s(fileStart),
        endedAt: s(c.at * NS),
        duration: s(c.at * NS - fileStart),
        size: '48211234',
        location: `https://my-bucket.s3.amazonaws.com/recordings/${c.room}.mp4`,
      },
    ];
  }
  return info;
}

function ingress(c: Context): IngressInfo {
  const ended = c.name === 'ingress_ended';
  const started = (c.at - (ended ? 600n : 1n)) * NS;
  const info: IngressInfo = {
    ingressId: sampleId('IN_', c.room + '/' + c.seed),
    name: 'obs-stream',
    streamKey: sampleId('', 'key' + c.room + c.seed),
    url: 'rtmps://demo.rtmp.livekit.cloud/x',
    roomName: c.room,
    participantIdentity: 'streamer',
    participantName: 'Streamer',
    reusable: true,
  };
  // ENDPOINT_INACTIVE (an ended ingress) is the zero value, so it has no status.
  info.state = ended
    ? { roomId: sampleId('RM_', c.room), startedAt: s(started), endedAt: s(c.at * NS), resourceId: 'RT_ab12' }
    : {
        status: 'ENDPOINT_PUBLISHING',
        video: {
          mimeType: 'video/x-h264',
          averageBitrate: 4500000,
          width: 1920,
          height: 1080,
          framerate: 30,
        },
        roomId: sampleId('RM_', c.room),
        startedAt: s(started),
        resourceId: 'RT_ab12',
      };
  info.enabled = true;
  return info;
}

function job(c: Context): Job {
  const ended = c.name === 'agent_job_ended';
  const started = (c.at - (ended ? 300n : 1n)) * NS;
  return {
    id: sampleId('AJ_', c.room + '/' + c.seed),
    dispatchId: sampleId('AD_', c.room + '/' + c.seed),
    room: roomStub(c),
    agentName: 'my-agent',
    state: ended
      ? { status: 'JS_SUCCESS', startedAt: s(started), endedAt: s(c.at * NS), updatedAt: s(c.at * NS) }
      : {
          status: 'JS_RUNNING',
          startedAt: s(started),
          updatedAt: s(started),
          participantIdentity: 'agent-' + sampleId('', c.room).slice(0, 6),
          workerId: sampleId('AW_', c.seed),
        },
  };
}

function build(c: Context): WebhookEvent {
  switch (c.name) {
    case 'room_started':
      return { event: c.name, room: fullRoom(c, 0) };
    case 'room_finished':
      return { event: c.name, room: fullRoom(c, 0), roomEndReason: 'ROOM_END_IDLE_TIMEOUT' };
    case 'participant_joined':
      return { event: c.name, room: fullRoom(c, 1), participant: participant(c, false, false) };
    case 'participant_left':
      return { event: c.name, room: fullRoom(c, 0), participant: participant(c, true, false) };
    case 'participant_connection_aborted':
      return { event: c.name, room: fullRoom(c, 0), participant: participant(c, false, true) };
    case 'track_published':
    case 'track_unpublished':
      return {
        event: c.name,
        room: roomStub(c),
        participant: participantStub(c),
        track: track(c),
      };
    case 'egress_started':
    case 'egress_updated':
    case 'egress_ended':
      return { event: c.name, room: roomStub(c), egressInfo: egress(c) };
    case 'ingress_started':
    case 'ingress_ended':
      return { event: c.name, room: { name: c.room }, ingressInfo: ingress(c) };
    case 'agent_job_started':
    case 'agent_job_ended':
      return { event: c.name, job: job(c) };
    // roomhooks extensions
    case 'track_muted':
    case 'track_unmuted': {
      const t = track(c);
      if (c.name === 'track_muted') t.muted = true;
      return { event: c.name, room: roomStub(c), participant: participantStub(c), track: t };
    }
    case 'participant_metadata_changed':
      return {
        event: c.name,
        room: fullRoom(c, 1),
        participant: { ...participant(c, false, false), metadata: '{"status":"away"}', version: 4 },
        previousMetadata: '{"status":"here"}',
      };
    case 'participant_attributes_changed':
      return {
        event: c.name,
        room: fullRoom(c, 1),
        participant: {
          ...participant(c, false, false),
          attributes: { role: 'host', hand: 'raised' },
          version: 4,
        },
        changedAttributes: { hand: 'raised' },
      };
    case 'participant_permissions_changed':
      return {
        event: c.name,
        room: fullRoom(c, 1),
        participant: {
          ...participant(c, false, false),
          permission: { canSubscribe: true, canPublishData: true },
          version: 4,
        },
      };
    case 'room_metadata_changed':
      return {
        event: c.name,
        room: { ...fullRoom(c, 1), metadata: '{"topic":"planning"}' },
        previousMetadata: '',
      };
    case 'active_speakers_changed':
      return {
        event: c.name,
        room: roomStub(c),
        speakers: [{ sid: participantSid(c), identity: c.identity, level: 0.75, active: true }],
      };
    case 'connection_quality_changed':
      return { event: c.name, room: roomStub(c), participant: participantStub(c), connectionQuality: 'GOOD' };
    case 'data_received':
      return {
        event: c.name,
        room: roomStub(c),
        participant: participantStub(c),
        data: { payload: 'aGVsbG8=', topic: 'chat' },
      };
    case 'track_stream_state_changed':
      return {
        event: c.name,
        room: roomStub(c),
        participant: participantStub(c),
        track: track(c),
        streamState: 'PAUSED',
      };
    case 'track_subscription_permission_changed':
      return {
        event: c.name,
        room: roomStub(c),
        participant: participantStub(c),
        track: track(c),
        subscriptionAllowed: false,
      };
  }
}

/**
 * A realistic, complete event of the given type, shaped like what a LiveKit server sends (zero values
 * omitted, int64 as strings, LiveKit-style ids). Deterministic: the same name and overrides always give the
 * same event, with ids derived from the room, identity and seed, so events of one room share its `RM_` sid.
 * Also builds the roomhooks extension events (`track_muted`, `active_speakers_changed`, …).
 *
 * @example
 * ```ts
 * const event = sampleWebhookEvent('participant_joined', { room: 'standup', identity: 'bob' });
 * event.participant.identity; // 'bob'
 * encodeWebhookEvent(event); // '{"event":"participant_joined","room":{"sid":"RM_…",…}'
 * ```
 */
export function sampleWebhookEvent<N extends AnyWebhookEventName>(
  name: N,
  overrides: SampleOverrides = {},
): WebhookEventOf<N> {
  const room = overrides.room ?? 'demo-room';
  const identity = overrides.identity ?? 'alice';
  const createdAt = overrides.createdAt ?? '1739900000';
  const seed = overrides.seed ?? '';
  if (!/^\d{1,15}$/.test(createdAt)) {
    throw new WebhookError(
      'invalid_event',
      `createdAt: expected Unix seconds as a decimal string, got ${JSON.stringify(createdAt)}`,
    );
  }
  const event = build({ name, room, identity, at: BigInt(createdAt), seed });
  event.id = overrides.id ?? sampleId('EV_', [name, room, identity, createdAt, seed].join('\u0000'));
  event.createdAt = createdAt;
  return event as WebhookEventOf<N>;
}
