/**
 * Which rooms are live, derived from recent events: a room is active after `room_started` (or any sign of
 * life) and until `room_finished`; participants are counted from `participant_joined` and
 * `participant_left` / `participant_connection_aborted`. A derivation, not a record: rooms whose events are
 * older than the window read are not seen.
 */
import type { EventRow } from '../store/contract.js';

export interface RoomSummary {
  name: string;
  active: boolean;
  startedAt: number | null;
  finishedAt: number | null;
  /** Identities currently in the room. */
  participants: string[];
  events: number;
  lastEventAt: number;
  lastEventName: string;
}

/** Events that tell nothing about whether a room is live (egress and ingress outlive their rooms). */
const NEUTRAL = /^(egress_|ingress_)/;

function identityOf(body: string): string | undefined {
  try {
    const parsed = JSON.parse(body) as { participant?: { identity?: unknown } };
    const identity = parsed.participant?.identity;
    return typeof identity === 'string' ? identity : undefined;
  } catch {
    return undefined;
  }
}

/** Rooms seen in `events` (oldest first): active ones first, then by latest activity. */
export function deriveRooms(
  events: readonly Pick<EventRow, 'name' | 'room' | 'createdAt' | 'body'>[],
): RoomSummary[] {
  const rooms = new Map<string, RoomSummary & { people: Set<string> }>();
  for (const event of events) {
    if (event.room === undefined || event.room === '') continue;
    let room = rooms.get(event.room);
    if (!room) {
      room = {
        name: event.room,
        active: false,
        startedAt: null,
        finishedAt: null,
        participants: [],
        people: new Set(),
        events: 0,
        lastEventAt: event.createdAt,
        lastEventName: event.name,
      };
      rooms.set(event.room, room);
    }
    room.events++;
    room.lastEventAt = event.createdAt;
    room.lastEventName = event.name;
    switch (event.name) {
      case 'room_started':
        room.active = true;
        room.startedAt = event.createdAt;
        room.finishedAt = null;
        room.people.clear();
        break;
      case 'room_finished':
        room.active = false;
        room.finishedAt = event.createdAt;
        room.people.clear();
        break;
      case 'participant_joined': {
        room.active = true;
        const identity = identityOf(event.body);
        if (identity !== undefined) room.people.add(identity);
        break;
      }
      case 'participant_left':
      case 'participant_connection_aborted': {
        const identity = identityOf(event.body);
        if (identity !== undefined) room.people.delete(identity);
        break;
      }
      default:
        if (!NEUTRAL.test(event.name) && room.finishedAt === null) room.active = true;
    }
  }
  return [...rooms.values()]
    .map(({ people, ...room }) => ({ ...room, participants: [...people].sort() }))
    .sort((a, b) => Number(b.active) - Number(a.active) || b.lastEventAt - a.lastEventAt);
}
