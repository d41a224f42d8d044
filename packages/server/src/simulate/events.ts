/**
 * Turns a planned action into a complete LiveKit webhook event. The SDK's `sampleWebhookEvent` gives the
 * realistic shape; this fills in what a sample cannot know: the real join, start and creation times, the track
 * kind, the participant count, and sizes that grow with a recording's length.
 */
import {
  sampleId,
  sampleWebhookEvent,
  type EgressInfo,
  type TrackInfo,
  type WebhookEvent,
} from '@roomhooks/sdk';
import type { Action, TrackSourceName } from './plan.js';

/** What every event of one room shares. */
export interface RoomContext {
  name: string;
  /** When the room started, ms since the epoch. */
  startedAt: number;
  /** Makes ids unique per simulation run. */
  seed: string;
}

const NS_PER_MS = 1_000_000n;
const seconds = (ms: number): string => String(Math.floor(ms / 1000));
const nanos = (ms: number): string => String(BigInt(ms) * NS_PER_MS);

function track(room: string, identity: string, source: TrackSourceName, seed: string, at: number): TrackInfo {
  const sid = sampleId('TR_', `${room}/${identity}/${source}/${seed}`);
  const version = { unixMicro: String(BigInt(at) * 1000n) };
  switch (source) {
    case 'microphone':
      return {
        sid,
        source: 'MICROPHONE',
        mimeType: 'audio/red',
        mid: '1',
        stream: 'camera',
        version,
        audioFeatures: ['TF_ECHO_CANCELLATION', 'TF_NOISE_SUPPRESSION'],
      };
    case 'camera':
      return {
        sid,
        type: 'VIDEO',
        width: 1280,
        height: 720,
        simulcast: true,
        source: 'CAMERA',
        mimeType: 'video/VP8',
        mid: '0',
        stream: 'camera',
        version,
      };
    case 'screen_share':
      return {
        sid,
        type: 'VIDEO',
        width: 1920,
        height: 1080,
        source: 'SCREEN_SHARE',
        mimeType: 'video/H264',
        mid: '2',
        stream: 'screen',
        version,
      };
  }
}

/** Turns the sample's file recording into a live stream: RTMP output, and stream results once it is live. */
function streamEgress(info: EgressInfo, room: string, kind: string, startedAt: number, at: number): void {
  const url = `rtmps://live.example.com/app/${room}`;
  info.roomComposite = {
    roomName: room,
    layout: 'speaker',
    streamOutputs: [{ protocol: 'RTMP', urls: [url] }],
  };
  if (kind === 'egress_started') return;
  const live = startedAt + 1500;
  const ended = kind === 'egress_ended';
  info.streamResults = [
    ended
      ? {
          url,
          startedAt: nanos(live),
          endedAt: nanos(at),
          duration: String(BigInt(Math.max(0, at - live)) * NS_PER_MS),
          status: 'FINISHED',
        }
      : { url, startedAt: nanos(live), status: 'ACTIVE' },
  ];
}

/**
 * Builds one event. `present` is the number of participants in the room once the action has happened (rooms
 * report it in `numParticipants`).
 */
export function buildEvent(
  room: RoomContext,
  action: Action,
  at: number,
  id: string,
  present: number,
): WebhookEvent {
  const identity = 'identity' in action ? action.identity : undefined;
  const key = 'key' in action ? action.key : '';
  const base = { room: room.name, createdAt: seconds(at), id, seed: `${room.seed}/${key}` };
  const event: WebhookEvent = sampleWebhookEvent(
    action.kind,
    identity === undefined ? base : { ...base, identity },
  );

  // The samples derive times from the event time; the simulation knows the real ones.
  if (event.room?.creationTime !== undefined) {
    event.room.creationTime = seconds(room.startedAt);
    event.room.creationTimeMs = String(room.startedAt);
    event.room.version = { unixMicro: String(BigInt(room.startedAt) * 1000n) };
    if (present > 0) event.room.numParticipants = present;
    else delete event.room.numParticipants;
  }
  switch (action.kind) {
    case 'participant_joined':
    case 'participant_left':
    case 'participant_connection_aborted': {
      const joinedAt = action.kind === 'participant_left' ? action.joinedAt : at;
      const participant = event.participant!;
      participant.joinedAt = seconds(joinedAt);
      participant.joinedAtMs = String(joinedAt);
      participant.attributes = { role: 'host' in action && action.host ? 'host' : 'guest' };
      break;
    }
    case 'track_published':
    case 'track_unpublished':
      event.track = track(room.name, action.identity, action.source, room.seed, at);
      break;
    case 'egress_started':
    case 'egress_updated':
    case 'egress_ended': {
      const info = event.egressInfo!;
      info.startedAt = nanos(action.startedAt);
      info.updatedAt = nanos(at);
      if (action.kind === 'egress_ended') info.endedAt = nanos(at);
      if (action.output === 'stream') {
        streamEgress(info, room.name, action.kind, action.startedAt, at);
      } else if (action.kind === 'egress_ended') {
        const fileStart = action.startedAt + 1000;
        const durationMs = Math.max(0, at - fileStart);
        const file = `recordings/${room.name}-${seconds(action.startedAt)}.mp4`;
        info.fileResults = [
          {
            filename: file,
            startedAt: nanos(fileStart),
            endedAt: nanos(at),
            duration: String(BigInt(durationMs) * NS_PER_MS),
            // Roughly 2.5 Mbit/s of 720p video.
            size: String(Math.round(durationMs * 312.5)),
            location: `https://my-bucket.s3.amazonaws.com/${file}`,
          },
        ];
      }
      break;
    }
    case 'ingress_started':
    case 'ingress_ended': {
      const state = event.ingressInfo!.state!;
      state.startedAt = nanos(action.startedAt);
      if (action.kind === 'ingress_ended') state.endedAt = nanos(at);
      break;
    }
    case 'room_started':
    case 'room_finished':
      break;
  }
  return event;
}
