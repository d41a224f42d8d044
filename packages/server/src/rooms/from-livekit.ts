import type { EgressInfo, IngressInfo, ParticipantInfo, Room, TrackInfo } from '@roomhooks/sdk';
import type {
  EgressSnapshot,
  IngressSnapshot,
  ParticipantInfoSnapshot,
  RoomInfoSnapshot,
  TrackSnapshot,
} from '@roomhooks/sdk/client';

// Conversions from LiveKit webhook payloads (protojson: zero values omitted, int64 as strings, enums by name
// or number) to the stream's snapshot objects (every field present, times in Unix milliseconds).

/** An enum value as a name; a zero value LiveKit omitted becomes `zero`, an unnamed number its decimal text. */
export function enumName(value: string | number | undefined, zero: string): string {
  if (value === undefined || value === 0) return zero;
  return String(value);
}

/** int64 seconds (decimal string) → Unix ms; 0 when absent or not a number. */
export function secondsToMs(value: string | undefined): number {
  const n = Number(value ?? '0');
  return Number.isFinite(n) ? n * 1000 : 0;
}

/** int64 milliseconds → Unix ms. */
export function msOf(value: string | undefined): number {
  const n = Number(value ?? '0');
  return Number.isFinite(n) ? n : 0;
}

/** int64 nanoseconds (egress and ingress times) → Unix ms. */
export function nanosToMs(value: string | undefined): number {
  if (value === undefined || !/^-?\d{1,20}$/.test(value)) return 0;
  return Number(BigInt(value) / 1_000_000n);
}

/** The room fields a (possibly stub) LiveKit room carries, over `base`. */
export function roomInfoFrom(base: RoomInfoSnapshot, room: Room | undefined): RoomInfoSnapshot {
  if (room === undefined) return base;
  const createdAt = msOf(room.creationTimeMs) || secondsToMs(room.creationTime);
  return {
    name: base.name,
    sid: base.sid || room.sid || '',
    metadata: base.metadata,
    emptyTimeout: room.emptyTimeout || base.emptyTimeout,
    departureTimeout: room.departureTimeout || base.departureTimeout,
    createdAt: createdAt || base.createdAt,
  };
}

/** A participant's own fields from a full `ParticipantInfo`, keeping what only the stream knows from `prev`. */
export function participantInfoFrom(
  p: ParticipantInfo,
  prev: ParticipantInfoSnapshot | undefined,
): ParticipantInfoSnapshot {
  return {
    sid: p.sid ?? prev?.sid ?? '',
    identity: p.identity ?? '',
    name: p.name ?? '',
    state: enumName(p.state, 'JOINING'),
    metadata: p.metadata ?? '',
    attributes: { ...(p.attributes ?? {}) },
    permission: p.permission === undefined ? (prev?.permission ?? null) : { ...p.permission },
    kind: enumName(p.kind, 'STANDARD'),
    isSpeaking: prev?.isSpeaking ?? false,
    connectionQuality: prev?.connectionQuality ?? 'UNKNOWN',
    joinedAt: msOf(p.joinedAtMs) || secondsToMs(p.joinedAt),
  };
}

/** A participant known only from a `{sid, identity}` stub (a track event before its `participant_joined`). */
export function placeholderParticipant(sid: string, identity: string): ParticipantInfoSnapshot {
  return {
    sid,
    identity,
    name: '',
    state: 'JOINING',
    metadata: '',
    attributes: {},
    permission: null,
    kind: 'STANDARD',
    isSpeaking: false,
    connectionQuality: 'UNKNOWN',
    joinedAt: 0,
  };
}

export function trackFrom(t: TrackInfo): TrackSnapshot {
  return {
    sid: t.sid ?? '',
    name: t.name ?? '',
    type: enumName(t.type, 'AUDIO'),
    source: enumName(t.source, 'UNKNOWN'),
    mimeType: t.mimeType ?? '',
    muted: t.muted ?? false,
    width: t.width ?? 0,
    height: t.height ?? 0,
    simulcast: t.simulcast ?? false,
    streamState: 'ACTIVE',
    subscriptionAllowed: true,
  };
}

const TERMINAL_EGRESS: ReadonlySet<string> = new Set([
  'EGRESS_COMPLETE',
  'EGRESS_FAILED',
  'EGRESS_ABORTED',
  'EGRESS_LIMIT_REACHED',
]);

/** True for an egress status after which nothing changes. */
export function isTerminalEgress(status: string): boolean {
  return TERMINAL_EGRESS.has(status);
}

export function egressFrom(info: EgressInfo): EgressSnapshot {
  const location =
    info.fileResults?.[0]?.location ??
    info.segmentResults?.[0]?.playlistLocation ??
    info.streamResults?.[0]?.url ??
    info.file?.location ??
    '';
  return {
    egressId: info.egressId ?? '',
    status: enumName(info.status, 'EGRESS_STARTING'),
    startedAt: nanosToMs(info.startedAt),
    endedAt: nanosToMs(info.endedAt),
    error: info.error ?? '',
    location,
  };
}

/** The newest time an egress reports, in ms: what orders its events. */
export function egressStamp(info: EgressInfo): number {
  return Math.max(nanosToMs(info.updatedAt), nanosToMs(info.endedAt), nanosToMs(info.startedAt));
}

export function ingressFrom(info: IngressInfo): IngressSnapshot {
  return {
    ingressId: info.ingressId ?? '',
    name: info.name ?? '',
    // ENDPOINT_INACTIVE is the zero value: an ended ingress usually has no status on the wire.
    status: enumName(info.state?.status, 'ENDPOINT_INACTIVE'),
    participantIdentity: info.participantIdentity ?? '',
  };
}

/** The newest time an ingress reports, in ms. */
export function ingressStamp(info: IngressInfo): number {
  const s = info.state;
  return Math.max(nanosToMs(s?.updatedAt), nanosToMs(s?.endedAt), nanosToMs(s?.startedAt));
}
