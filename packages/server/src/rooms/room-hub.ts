/**
 * The live side of room state: folds every stored event into {@link RoomsState}, keeps each room's recent
 * changes for resuming streams, and fans changes out to subscribers.
 *
 * The hub reads events from the store by `seq` rather than from the publish path, so it sees events published
 * by any process sharing the store and rebuilds exactly the same state (and the same change numbering) after a
 * restart: state is derived from the stored events, replayed in publish order with their publish times.
 */
import { decodeWebhookEvent } from '@roomhooks/sdk';
import type { RoomChange, RoomSnapshot } from '@roomhooks/sdk/client';
import type { Clock } from '../clock.js';
import type { EventRow, Store } from '../store/contract.js';
import {
  applyEvent,
  expire,
  initialRoomsState,
  type RoomChangeEntry,
  type RoomsState,
} from './room-state.js';

export interface RoomHubOptions {
  store: Store;
  clock: Clock;
  /** How often the store is asked for new events; default 100 ms. */
  pollIntervalMs?: number;
  /** Changes kept per room for resuming streams; older resumes get a fresh snapshot. Default 1000. */
  historyPerRoom?: number;
  /** How often rooms whose `room_finished` never came are expired; default 5 s. */
  expireIntervalMs?: number;
}

export type RoomListener = (entry: { seq: number; change: RoomChange }) => void;

/** What a resuming stream gets: the changes it missed, or a snapshot when they are no longer held. */
export type ResumePlan =
  | { kind: 'changes'; changes: { seq: number; change: RoomChange }[] }
  | { kind: 'reset'; seq: number; room: RoomSnapshot };

const PAGE = 1000;
const NUDGE_MS = 25;

export class RoomHub {
  #state: RoomsState = initialRoomsState();
  #lastSeq = 0;
  readonly #history = new Map<string, { seq: number; change: RoomChange }[]>();
  readonly #listeners = new Map<string, Set<RoomListener>>();
  readonly #o: Required<Omit<RoomHubOptions, 'store' | 'clock'>> & Pick<RoomHubOptions, 'store' | 'clock'>;
  #timer: NodeJS.Timeout | undefined;
  #lastExpire = 0;
  #polling: Promise<void> | undefined;
  #pollAgain = false;
  #nudge: NodeJS.Timeout | undefined;
  #stopped = false;

  constructor(options: RoomHubOptions) {
    this.#o = { pollIntervalMs: 100, historyPerRoom: 1000, expireIntervalMs: 5000, ...options };
  }

  /**
   * Catches up with the stored events. The hub then follows new ones on a timer only while a stream is
   * subscribed; otherwise state is brought up to date when asked (every read first calls {@link poll}), so a
   * server nobody watches pays nothing per event for room state.
   */
  async start(): Promise<void> {
    await this.poll();
  }

  #schedule(): void {
    if (this.#stopped || this.#timer !== undefined || this.#listeners.size === 0) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      void this.poll()
        .catch(() => undefined) // the store may be briefly unreachable; the next poll catches up
        .finally(() => this.#schedule());
    }, this.#o.pollIntervalMs);
    this.#timer.unref();
  }

  /**
   * Reads events stored since the last poll and applies them. Calls during a run share it, but one that
   * arrives mid-run (an event committed after the run's read) gets one more run, so no commit waits for the timer.
   */
  poll(): Promise<void> {
    if (this.#polling) {
      this.#pollAgain = true;
      return this.#polling;
    }
    this.#polling = (async () => {
      do {
        this.#pollAgain = false;
        await this.#pollOnce();
      } while (this.#pollAgain);
    })().finally(() => (this.#polling = undefined));
    return this.#polling;
  }

  /**
   * A hint that events were just committed: followed within {@link NUDGE_MS} while a stream watches (polling
   * stays the truth). The short wait gathers a burst into one read and one write per subscriber: with
   * thousands of subscribers, a socket write per event per subscriber would cost more than the wait.
   */
  nudge(): void {
    if (this.#listeners.size === 0 || this.#nudge !== undefined) return;
    this.#nudge = setTimeout(() => {
      this.#nudge = undefined;
      void this.poll().catch(() => undefined);
    }, NUDGE_MS);
    this.#nudge.unref();
  }

  async #pollOnce(): Promise<void> {
    for (;;) {
      const rows = await this.#o.store.listEvents({ after: this.#lastSeq, limit: PAGE });
      for (const row of rows) this.#apply(row);
      if (rows.length < PAGE) break;
    }
    const now = this.#o.clock.now();
    if (now - this.#lastExpire >= this.#o.expireIntervalMs) {
      this.#lastExpire = now;
      const result = expire(this.#state, now, { inPlace: true });
      this.#state = result.state;
      this.#publish(result.changes);
    }
  }

  #apply(row: EventRow): void {
    this.#lastSeq = row.seq;
    let event;
    try {
      event = decodeWebhookEvent(JSON.parse(row.body) as unknown);
    } catch {
      return; // stored events passed validation; a body this code cannot read is skipped, not fatal
    }
    const result = applyEvent(this.#state, event, row.publishedAt, { inPlace: true });
    this.#state = result.state;
    this.#publish(result.changes);
  }

  #publish(changes: readonly RoomChangeEntry[]): void {
    for (const { room, seq, change } of changes) {
      let history = this.#history.get(room);
      if (!history) this.#history.set(room, (history = []));
      history.push({ seq, change });
      if (history.length > this.#o.historyPerRoom) history.splice(0, history.length - this.#o.historyPerRoom);
      for (const listener of this.#listeners.get(room) ?? []) listener({ seq, change });
    }
  }

  /** The room as of its latest change, or undefined for a room never seen. */
  snapshot(name: string): { seq: number; room: RoomSnapshot } | undefined {
    const record = this.#state.rooms[name];
    return record && { seq: record.seq, room: record.room };
  }

  /** Every room known, newest activity first. */
  list(): { seq: number; room: RoomSnapshot }[] {
    return Object.values(this.#state.rooms)
      .map((r) => ({ seq: r.seq, room: r.room, at: r.book.lastEventAt }))
      .sort((a, b) => b.at - a.at)
      .map(({ seq, room }) => ({ seq, room }));
  }

  /** What a client that has applied changes up to `since` needs to catch up. */
  resume(name: string, since: number): ResumePlan | undefined {
    const current = this.snapshot(name);
    if (!current) return undefined;
    if (since >= current.seq) return { kind: 'changes', changes: [] };
    const history = this.#history.get(name) ?? [];
    const first = history[0];
    // Changes are numbered without gaps, so the history covers `since` exactly when it starts at or before it.
    if (first === undefined || first.seq > since + 1 || since < 0) {
      return { kind: 'reset', seq: current.seq, room: current.room };
    }
    return { kind: 'changes', changes: history.filter((h) => h.seq > since) };
  }

  /** Calls `listener` for every new change of `name`; returns the unsubscribe function. */
  subscribe(name: string, listener: RoomListener): () => void {
    let set = this.#listeners.get(name);
    if (!set) this.#listeners.set(name, (set = new Set()));
    set.add(listener);
    this.#schedule();
    return () => {
      set.delete(listener);
      if (set.size === 0) this.#listeners.delete(name);
    };
  }

  subscriberCount(): number {
    let n = 0;
    for (const set of this.#listeners.values()) n += set.size;
    return n;
  }

  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#timer);
    clearTimeout(this.#nudge);
  }
}
