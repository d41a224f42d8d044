// A scripted room for the client tests: an initial snapshot and the changes that follow it.
import {
  applyRoomChange,
  emptyRoomSnapshot,
  type ParticipantSnapshot,
  type RoomChange,
  type RoomSnapshot,
  type TrackSnapshot,
} from '../../src/client/index.js';

const track = (sid: string, source: string, type: string): TrackSnapshot => ({
  sid,
  name: '',
  type,
  source,
  mimeType: type === 'AUDIO' ? 'audio/opus' : 'video/VP8',
  muted: false,
  width: type === 'AUDIO' ? 0 : 1280,
  height: type === 'AUDIO' ? 0 : 720,
  simulcast: type !== 'AUDIO',
  streamState: 'ACTIVE',
  subscriptionAllowed: true,
});

const participant = (identity: string, tracks: TrackSnapshot[]): ParticipantSnapshot => ({
  sid: `PA_${identity}`,
  identity,
  name: identity.toUpperCase(),
  state: 'ACTIVE',
  metadata: '',
  attributes: {},
  permission: { canSubscribe: true, canPublish: true },
  kind: 'STANDARD',
  isSpeaking: false,
  connectionQuality: 'UNKNOWN',
  joinedAt: 1_800_000_000_000,
  tracks: Object.fromEntries(tracks.map((t) => [t.sid, t])),
});

/** Changes 1 and 2 build the initial snapshot; 3… are streamed. */
const changes: RoomChange[] = [
  {
    type: 'RoomStarted',
    room: {
      name: 'standup',
      sid: 'RM_standup',
      metadata: '',
      emptyTimeout: 300,
      departureTimeout: 20,
      createdAt: 1_800_000_000_000,
    },
  },
  {
    type: 'ParticipantConnected',
    participant: participant('alice', [track('TR_a1', 'MICROPHONE', 'AUDIO')]),
  },
  { type: 'ParticipantConnected', participant: participant('bob', []) },
  { type: 'TrackPublished', identity: 'bob', track: track('TR_b1', 'CAMERA', 'VIDEO') },
  { type: 'TrackMuted', identity: 'alice', trackSid: 'TR_a1' },
  { type: 'IsSpeakingChanged', identity: 'alice', isSpeaking: true },
  { type: 'ActiveSpeakersChanged', speakers: [{ identity: 'alice', level: 0.5 }] },
  { type: 'ConnectionQualityChanged', identity: 'bob', quality: 'GOOD' },
  { type: 'ParticipantMetadataChanged', identity: 'bob', metadata: '{"mood":1}', previousMetadata: '' },
  {
    type: 'ParticipantAttributesChanged',
    identity: 'bob',
    attributes: { hand: 'up' },
    changedAttributes: { hand: 'up' },
  },
  { type: 'RoomMetadataChanged', metadata: '{"topic":"x"}', previousMetadata: '' },
  { type: 'DataReceived', identity: 'alice', payload: 'aGk=', topic: 'chat', kind: 'RELIABLE' },
  { type: 'TrackStreamStateChanged', identity: 'bob', trackSid: 'TR_b1', streamState: 'PAUSED' },
  { type: 'TrackSubscriptionPermissionChanged', identity: 'bob', trackSid: 'TR_b1', allowed: false },
  {
    type: 'ParticipantPermissionsChanged',
    identity: 'bob',
    permission: { canSubscribe: true },
    previousPermission: { canSubscribe: true, canPublish: true },
  },
  { type: 'TrackUnmuted', identity: 'alice', trackSid: 'TR_a1' },
  { type: 'TrackUnpublished', identity: 'bob', trackSid: 'TR_b1' },
  { type: 'ParticipantDisconnected', identity: 'bob', sid: 'PA_bob', reason: 'CLIENT_INITIATED' },
];

export const SCRIPT = { changes, last: changes.length } as const;

/** `states()[k]` is the room after changes 1…k (so `states()[0]` is before any). */
export function states(): RoomSnapshot[] {
  const out: RoomSnapshot[] = [emptyRoomSnapshot('standup')];
  for (const change of changes) out.push(applyRoomChange(out[out.length - 1]!, change));
  return out;
}
