/**
 * bench/deliver — the delivery engine against its anchors, measured in the same run.
 *
 *   npm run bench:deliver -- [throughput|latency|backlog|all] [--events 50000] [--rooms 500]
 *                            [--rate 1000] [--seconds 20] [--backlog 1000000] [--concurrency 64]
 *
 * 1. throughput: N events over R rooms to a sink process answering 200, from publish to the last receipt,
 *    against a plain undici keep-alive POST loop of the same bodies at the same concurrency. Goal ≥ 0.5.
 * 2. latency: a steady publish rate; p50/p99 from publish to the sink's receipt. Goal p99 ≤ 15 ms.
 * 3. backlog: events published while the sink refuses connections: publish rate, rate at the end vs at the
 *    start (goal ≥ 0.8), peak RSS (goal ≤ 300 MB); then the sink comes up: drain rate and per-room order.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sampleWebhookEvent, type WebhookEventName } from '@roomhooks/sdk';
import { createNotifier, type Notifier, type PublishableEvent } from 'roomhooks';
import { Pool } from 'undici';
import { startSink } from './lib/sink.js';

const args = process.argv.slice(2);
const which = args.find((a) => !a.startsWith('--')) ?? 'all';
function flag(name: string, fallback: number): number {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
}
const KEYS = { APIbench: 'bench-secret-bench-secret-bench-secret' };
const ROOM_EVENTS: WebhookEventName[] = [
  'participant_joined',
  'track_published',
  'track_unpublished',
  'participant_left',
];

function events(count: number, rooms: number, offset = 0): PublishableEvent[] {
  const out: PublishableEvent[] = [];
  for (let i = offset; i < offset + count; i++) {
    const room = `room-${i % rooms}`;
    const name = ROOM_EVENTS[Math.floor(i / rooms) % ROOM_EVENTS.length]!;
    out.push({
      ...sampleWebhookEvent(name, { room, identity: `user-${i % 7}` }),
      id: `EV_bench${String(i).padStart(9, '0')}`,
    });
  }
  return out;
}

function tempDb(): { path: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'roomhooks-bench-'));
  return { path: join(dir, 'bench.db'), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

const fmt = (n: number, digits = 0): string => n.toLocaleString('en-US', { maximumFractionDigits: digits });

async function waitDelivered(notifier: Notifier, total: number): Promise<void> {
  let delivered = 0;
  await new Promise<void>((resolve) => {
    notifier.events.on('delivered', () => {
      if (++delivered === total) resolve();
    });
  });
}

async function throughput(): Promise<void> {
  const count = flag('events', 50_000);
  const rooms = flag('rooms', 500);
  const concurrency = flag('concurrency', 64);
  const sink = await startSink();
  const batch = events(count, rooms);

  // Anchor: the same bodies POSTed by a plain undici keep-alive loop at the same concurrency.
  const pool = new Pool(`http://127.0.0.1:${sink.port}`, { connections: concurrency });
  const bodies = batch.map((e) => JSON.stringify(e));
  let next = 0;
  const anchorStart = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < bodies.length) {
        const body = bodies[next++]!;
        const res = await pool.request({
          path: '/hook',
          method: 'POST',
          body,
          headers: { 'content-type': 'application/json' },
        });
        await res.body.dump();
      }
    }),
  );
  const anchorRate = count / ((performance.now() - anchorStart) / 1000);
  await pool.close();
  await sink.receipts();

  const db = tempDb();
  const notifier = await createNotifier({
    store: { sqlite: db.path },
    keys: KEYS,
    network: { allowLoopback: true },
    endpoints: [{ url: sink.url, maxConcurrency: concurrency }],
  });
  const done = waitDelivered(notifier, count);
  const start = performance.now();
  for (let i = 0; i < count; i += 1000) await notifier.publish(batch.slice(i, i + 1000));
  const published = performance.now();
  await done;
  const engineRate = count / ((performance.now() - start) / 1000);
  await notifier.close();
  await sink.stop();
  db.cleanup();

  console.log(`\n== throughput: ${fmt(count)} events, ${rooms} rooms, concurrency ${concurrency}`);
  console.log(`anchor  undici keep-alive POST loop : ${fmt(anchorRate)} req/s`);
  console.log(
    `roomhooks publish → delivered      : ${fmt(engineRate)} events/s (publish alone ${fmt(count / ((published - start) / 1000))}/s)`,
  );
  console.log(`ratio roomhooks / anchor           : ${(engineRate / anchorRate).toFixed(2)}  (goal ≥ 0.5)`);
}

async function latency(): Promise<void> {
  const rate = flag('rate', 1000);
  const seconds = flag('seconds', 20);
  const rooms = flag('rooms', 500);
  const sink = await startSink();
  const db = tempDb();
  const notifier = await createNotifier({
    store: { sqlite: db.path },
    keys: KEYS,
    network: { allowLoopback: true },
    endpoints: [{ url: sink.url }],
  });
  const total = rate * seconds;
  const all = events(total, rooms);
  const publishedAt = new Map<string, number>();
  const done = waitDelivered(notifier, total);
  // Publish in 1 ms-granular ticks to keep the rate steady.
  const start = Date.now();
  let sent = 0;
  while (sent < total) {
    const due = Math.min(total, Math.floor(((Date.now() - start) / 1000) * rate));
    if (due > sent) {
      const slice = all.slice(sent, due);
      const at = Date.now();
      for (const e of slice) publishedAt.set(e.id!, at);
      await notifier.publish(slice);
      sent = due;
    }
    await new Promise((r) => setTimeout(r, 1));
  }
  await done;
  const receipts = await sink.receipts();
  await notifier.close();
  await sink.stop();
  db.cleanup();
  const lat = receipts.map(([at, id]) => at - (publishedAt.get(id) ?? at)).sort((a, b) => a - b);
  console.log(`\n== latency: ${fmt(rate)} events/s for ${seconds} s (${fmt(lat.length)} receipts)`);
  console.log(
    `publish → sink receipt  p50 ${percentile(lat, 50)} ms   p99 ${percentile(lat, 99)} ms   max ${lat.at(-1)} ms  (goal p99 ≤ 15 ms)`,
  );
}

async function backlog(): Promise<void> {
  const count = flag('backlog', 1_000_000);
  const rooms = flag('rooms', 500);
  // Reserve a port, then stop the sink: connections are refused until it comes back on the same port.
  const reserved = await startSink();
  const port = reserved.port;
  await reserved.stop();
  const db = tempDb();
  const notifier = await createNotifier({
    store: { sqlite: db.path },
    keys: KEYS,
    network: { allowLoopback: true },
    endpoints: [
      {
        url: `http://127.0.0.1:${port}/hook`,
        retry: { schedule: [0, 500, 1000, 2000, 5000, 10_000, 30_000] },
      },
    ],
    circuit: { cooldownMs: 500, maxCooldownMs: 1000 },
  });
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
  const chunk = 1000; // a realistic ingest batch; larger ones only keep more garbage alive between GCs
  const window = 50_000;
  const rates: number[] = [];
  const start = performance.now();
  let windowStart = start;
  for (let i = 0; i < count; i += chunk) {
    await notifier.publish(events(Math.min(chunk, count - i), rooms, i));
    if ((i + chunk) % window === 0) {
      const now = performance.now();
      rates.push(window / ((now - windowStart) / 1000));
      windowStart = now;
    }
  }
  const publishRate = count / ((performance.now() - start) / 1000);
  const publishPeakRss = peakRss;
  const first = rates[0] ?? publishRate;
  const last = rates.at(-1) ?? publishRate;

  const sink = await startSink(port);
  const drainStart = performance.now();
  const stats = await notifier.store.stats();
  const remaining = stats.deliveries.queued + stats.deliveries.pending + stats.deliveries.in_flight;
  await waitDelivered(notifier, remaining);
  const drainRate = remaining / ((performance.now() - drainStart) / 1000);
  clearInterval(sampler);
  const receipts = await sink.receipts();
  // Per-room order: event ids encode their publish index, and rooms are index % rooms.
  const lastIndex = new Map<number, number>();
  let outOfOrder = 0;
  for (const [, id] of receipts) {
    const index = Number(id.slice('EV_bench'.length));
    const room = index % rooms;
    if ((lastIndex.get(room) ?? -1) > index) outOfOrder++;
    lastIndex.set(room, index);
  }
  await notifier.close();
  await sink.stop();
  db.cleanup();
  console.log(`\n== backlog: ${fmt(count)} events published while the sink refuses connections`);
  console.log(`publish rate                 : ${fmt(publishRate)} events/s  (goal ≥ 20,000)`);
  console.log(
    `rate in last vs first 50k    : ${fmt(last)} vs ${fmt(first)} events/s, ratio ${(last / first).toFixed(2)}  (goal ≥ 0.8)`,
  );
  console.log(
    `peak RSS                     : ${fmt(peakRss / 1024 / 1024)} MB, ${fmt(publishPeakRss / 1024 / 1024)} MB while publishing  (goal ≤ 300)`,
  );
  console.log(`rate per 50k window          : ${rates.map((r) => fmt(r / 1000)).join(' ')} (thousand/s)`);
  console.log(
    `drain once the sink is up    : ${fmt(drainRate)} events/s, ${fmt(receipts.length)} receipts, ${outOfOrder} out of room order`,
  );
}

if (which === 'throughput' || which === 'all') await throughput();
if (which === 'latency' || which === 'all') await latency();
if (which === 'backlog' || which === 'all') await backlog();
