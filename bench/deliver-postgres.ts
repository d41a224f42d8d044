/**
 * bench/deliver-postgres — delivery throughput on PostgreSQL against SQLite, measured in the same run.
 *
 *   npm run bench:deliver-postgres -- [--events 20000] [--rooms 500] [--concurrency 64]
 *                                     [--url postgres://postgres@127.0.0.1:5432/test]
 *
 * One process, one endpoint, a sink process answering 200: N events over R rooms, from the first publish to
 * the last `delivered`, on a fresh SQLite file and then on a fresh PostgreSQL schema (dropped afterwards).
 * Goal: PostgreSQL / SQLite ≥ 0.5.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sampleWebhookEvent, type WebhookEventName } from '@roomhooks/sdk';
import pg from 'pg';
import { createNotifier, type NotifierOptions, type PublishableEvent } from 'roomhooks';
import { startSink } from './lib/sink.js';

const args = process.argv.slice(2);
function flag(name: string, fallback: string): string {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1]! : fallback;
}
const COUNT = Number(flag('events', '20000'));
const ROOMS = Number(flag('rooms', '500'));
const CONCURRENCY = Number(flag('concurrency', '64'));
const URL = flag('url', process.env.ROOMHOOKS_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test');
const KEYS = { APIbench: 'bench-secret-bench-secret-bench-secret' };
const NAMES: WebhookEventName[] = [
  'participant_joined',
  'track_published',
  'track_unpublished',
  'participant_left',
];

function events(): PublishableEvent[] {
  return Array.from({ length: COUNT }, (_, i) => ({
    ...sampleWebhookEvent(NAMES[Math.floor(i / ROOMS) % NAMES.length]!, {
      room: `room-${i % ROOMS}`,
      identity: `user-${i % 7}`,
    }),
    id: `EV_bench${String(i).padStart(9, '0')}`,
  }));
}

const fmt = (n: number): string => n.toLocaleString('en-US', { maximumFractionDigits: 0 });

/** Publish → every delivery recorded, in events/s; plus the publish rate alone. */
async function run(store: NotifierOptions['store']): Promise<{ rate: number; publish: number }> {
  const sink = await startSink();
  const notifier = await createNotifier({
    store,
    keys: KEYS,
    network: { allowLoopback: true },
    endpoints: [{ url: sink.url, maxConcurrency: CONCURRENCY }],
  });
  let delivered = 0;
  const done = new Promise<void>((resolve) =>
    notifier.events.on('delivered', () => ++delivered === COUNT && resolve()),
  );
  const batch = events();
  const start = performance.now();
  for (let i = 0; i < COUNT; i += 1000) await notifier.publish(batch.slice(i, i + 1000));
  const published = performance.now();
  await done;
  const end = performance.now();
  await notifier.close();
  await sink.stop();
  return { rate: COUNT / ((end - start) / 1000), publish: COUNT / ((published - start) / 1000) };
}

const dir = mkdtempSync(join(tmpdir(), 'roomhooks-bench-'));
const sqlite = await run({ sqlite: join(dir, 'bench.db') });
rmSync(dir, { recursive: true, force: true });

const schema = `rh_bench_${randomBytes(4).toString('hex')}`;
let postgres: { rate: number; publish: number };
try {
  postgres = await run({ postgres: URL, schema });
} finally {
  const client = new pg.Client({ connectionString: URL });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await client.end();
}

console.log(
  `\n== throughput by store: ${fmt(COUNT)} events, ${ROOMS} rooms, concurrency ${CONCURRENCY}, one process`,
);
console.log(
  `SQLite      publish → delivered : ${fmt(sqlite.rate)} events/s (publish alone ${fmt(sqlite.publish)}/s)`,
);
console.log(
  `PostgreSQL  publish → delivered : ${fmt(postgres.rate)} events/s (publish alone ${fmt(postgres.publish)}/s)`,
);
console.log(`ratio PostgreSQL / SQLite       : ${(postgres.rate / sqlite.rate).toFixed(2)}  (goal ≥ 0.5)`);
