/**
 * The session simulator: realistic, causally ordered LiveKit webhook events for several rooms over a time span.
 * Pure and reproducible: no clock and no `Math.random`; the start time and the seed are inputs, so the same
 * options always give the same events, byte for byte.
 */
import { sampleId, type WebhookEvent } from '@roomhooks/sdk';
import { buildEvent } from './events.js';
import { CAUSAL_RANK, planRoom, type TimedAction } from './plan.js';
import { createRng } from './prng.js';

export interface SimulationOptions {
  /** Number of rooms, ≥ 1. */
  rooms: number;
  /** Participants per room, ≥ 0 (some abort their connection instead of joining). */
  participants: number;
  /** Time span the events are spread over, ms, ≥ 1000. */
  durationMs: number;
  /** When the simulation starts, ms since the epoch. */
  startMs: number;
  /** Any text; the same seed gives the same events. */
  seed: string;
}

/** One simulated event and when it happens (ms since the epoch; `createdAt` holds the same time in seconds). */
export interface SimulatedEvent {
  at: number;
  room: string;
  event: WebhookEvent;
}

const ROOM_WORDS = ['standup', 'design-review', 'all-hands', 'office-hours', 'retro', 'demo-day', 'pairing'];

function check(name: string, value: number, min: number): void {
  if (!Number.isSafeInteger(value) || value < min) {
    throw new RangeError(`${name} must be a whole number ≥ ${min}, got ${value}`);
  }
}

/**
 * Generates every event of the simulation, sorted by time. Per room the order is causal: `room_started` first,
 * a participant's join before its tracks and its leave, `room_finished` last.
 *
 * @example
 * ```ts
 * const events = simulateSessions({ rooms: 2, participants: 3, durationMs: 60_000, startMs: Date.now(), seed: '42' });
 * events[0].event.event; // 'room_started'
 * ```
 */
export function simulateSessions(options: SimulationOptions): SimulatedEvent[] {
  check('rooms', options.rooms, 1);
  check('participants', options.participants, 0);
  check('durationMs', options.durationMs, 1000);
  check('startMs', options.startMs, 0);
  const { durationMs, startMs, seed } = options;
  const rng = createRng(seed);
  const all: Array<SimulatedEvent & { rank: number; order: number }> = [];

  for (let index = 0; index < options.rooms; index++) {
    const roomRng = rng.fork(`room/${index}`);
    const name = `${roomRng.pick(ROOM_WORDS)}-${sampleId('', `${seed}/${index}`).slice(0, 5).toLowerCase()}`;
    // Rooms open in the first tenth of the span and close in the last twentieth, so they overlap.
    const start = startMs + Math.round(roomRng.between(0, 0.1) * durationMs);
    const end = startMs + durationMs - 1 - Math.round(roomRng.between(0, 0.05) * durationMs);
    const plan: TimedAction[] = planRoom({ start, end, participants: options.participants, rng: roomRng });
    const room = { name, startedAt: start, seed: `${seed}/${startMs}/${index}` };
    let present = 0;
    plan.forEach(({ at, action }, order) => {
      if (action.kind === 'participant_joined') present++;
      if (action.kind === 'participant_left') present--;
      const id = sampleId('EV_', `${room.seed}/${order}`);
      all.push({
        at,
        room: name,
        event: buildEvent(room, action, at, id, present),
        rank: CAUSAL_RANK[action.kind],
        order: index * 1_000_000 + order,
      });
    });
  }
  // Across rooms, time decides; within a room, the plan's order (already causal) is kept.
  all.sort((a, b) => a.at - b.at || a.rank - b.rank || a.order - b.order);
  return all.map(({ at, room, event }) => ({ at, room, event }));
}
