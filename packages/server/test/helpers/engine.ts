/**
 * Shared set-up for engine tests: a notifier on a real SQLite file in a fresh temp dir, closed (and its dir
 * removed) when the test ends; sample events; and the helpers that read what a sink received.
 */
import type { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { sampleWebhookEvent, type WebhookEventName } from '@roomhooks/sdk';
import {
  createNotifier,
  type Notifier,
  type NotifierEventMap,
  type NotifierOptions,
  type PublishableEvent,
} from 'roomhooks';
import { dropSchema, randomSchema, requirePostgres, TEST_DATABASE_URL } from './postgres.js';
import { Sink, type SinkHandler, type SinkRequest } from './sink.js';

export const API_KEY = 'APItestKey';
export const API_SECRET = 'test-secret-with-enough-length-0123456789';

/** Fast retries: 12 attempts within about a second, no jitter. */
export const FAST_RETRY = { schedule: [0, 10, 20, 40, 60, 80, 100, 100, 100, 100, 100, 100] };

/** A fresh temp dir, removed when the test ends. */
export function tempDir(t: TestContext): string {
  const dir = mkdtempSync(join(tmpdir(), 'roomhooks-test-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A sink closed when the test ends. */
export async function startSink(t: TestContext, handler?: SinkHandler): Promise<Sink> {
  const sink = await Sink.start(handler);
  t.after(() => sink.close());
  return sink;
}

/**
 * The store engine tests run on: SQLite by default, PostgreSQL (a fresh schema per notifier) when
 * `ROOMHOOKS_TEST_STORE=postgres`.
 */
export const TEST_STORE = process.env.ROOMHOOKS_TEST_STORE === 'postgres' ? 'postgres' : 'sqlite';

/**
 * A notifier on a SQLite file in a temp dir (or a PostgreSQL schema, see {@link TEST_STORE}), loopback
 * allowed, polling every 50 ms; closed when the test ends. `options` override the defaults (pass
 * `network: {}` for the default SSRF policy).
 */
export async function startNotifier(
  t: TestContext,
  options: Partial<NotifierOptions> = {},
): Promise<Notifier> {
  const dir = mkdtempSync(join(tmpdir(), 'roomhooks-test-'));
  let schema: string | undefined;
  if (TEST_STORE === 'postgres' && options.store === undefined) {
    await requirePostgres();
    schema = randomSchema();
  }
  const notifier = await createNotifier({
    store:
      schema !== undefined
        ? { postgres: TEST_DATABASE_URL, schema, pool: { max: 4 } }
        : { sqlite: join(dir, 'roomhooks.db') },
    keys: { [API_KEY]: API_SECRET },
    network: { allowLoopback: true },
    pollIntervalMs: 50,
    closeTimeoutMs: 2_000,
    ...options,
  });
  // One hook, so the store is closed before its directory goes (node:test runs `after` hooks in order).
  t.after(async () => {
    await notifier.close();
    rmSync(dir, { recursive: true, force: true });
    if (schema !== undefined) await dropSchema(schema);
  });
  return notifier;
}

/** Polls `condition` every 10 ms until it holds; fails with `what` after `timeoutMs`. */
export async function waitFor(
  what: string,
  condition: () => boolean | Promise<boolean>,
  timeoutMs = 5_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for: ${what}`);
    await sleep(10);
  }
}

/** Waits until no delivery is queued, pending or in flight: every outcome has been recorded in the store. */
export function settled(notifier: Notifier, timeoutMs = 5_000): Promise<void> {
  return waitFor(
    'every delivery settled in the store',
    async () => {
      const { queued, pending, in_flight } = (await notifier.store.stats()).deliveries;
      return queued + pending + in_flight === 0;
    },
    timeoutMs,
  );
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A `participant_joined` event in `room` with id `<room>-<n>` (ordered per room, like every room event). */
export function roomEvent(
  room: string,
  n: number,
  name: WebhookEventName = 'participant_joined',
): PublishableEvent {
  return sampleWebhookEvent(name, { room, identity: `user${n}`, seed: String(n), id: `${room}-${n}` });
}

/** `count` events per room, interleaved across rooms as a busy server would publish them. */
export function interleavedEvents(rooms: readonly string[], count: number): PublishableEvent[] {
  const events: PublishableEvent[] = [];
  for (let n = 0; n < count; n++) for (const room of rooms) events.push(roomEvent(room, n));
  return events;
}

/** What a `livekit`-format request carried: the event's id and room. */
export function livekitEvent(request: SinkRequest): { id: string; room: string | undefined; event: string } {
  const body = JSON.parse(request.body) as { id: string; event: string; room?: { name?: string } };
  return { id: body.id, room: body.room?.name, event: body.event };
}

/** Drops consecutive repeats: a retry of the same id right after itself is not a new delivery. */
export function collapseRepeats(ids: readonly string[]): string[] {
  return ids.filter((id, i) => i === 0 || ids[i - 1] !== id);
}

/** Event ids a sink received, grouped by room, in arrival order (retries included). */
export function idsByRoom(requests: readonly SinkRequest[]): Map<string, string[]> {
  const byRoom = new Map<string, string[]>();
  for (const request of requests) {
    const { id, room } = livekitEvent(request);
    const key = room ?? '';
    byRoom.set(key, [...(byRoom.get(key) ?? []), id]);
  }
  return byRoom;
}

/** The distinct event ids a sink answered with a 2xx. */
export function acceptedIds(sink: Sink): Set<string> {
  return new Set(sink.accepted.map((r) => livekitEvent(r).id));
}

/** Resolves with the first emission of a notifier lifecycle event that satisfies `match`. */
export function nextEvent<K extends keyof NotifierEventMap>(
  notifier: Notifier,
  name: K,
  match: (info: NotifierEventMap[K][0]) => boolean = () => true,
): Promise<NotifierEventMap[K][0]> {
  const events = notifier.events as unknown as EventEmitter;
  return new Promise((resolve) => {
    const listener = (info: NotifierEventMap[K][0]): void => {
      if (!match(info)) return;
      events.off(name, listener);
      resolve(info);
    };
    events.on(name, listener);
  });
}
