/**
 * bench/ingest — events accepted over `POST /v1/events` (batches of 100) into the SQLite store, beside the
 * engine's direct `publish` of the same batches at the same concurrency, measured in the same run.
 *
 *   npm run bench:ingest -- [--events 50000] [--batch 100] [--concurrency 8]
 *
 * The endpoint is paused, so both sides measure intake (validation, routing, the durable commit) and not
 * delivery. The HTTP client runs in this process too, so the HTTP figure also pays for the client. Goal ≥ 0.7.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sampleWebhookEvent, type WebhookEventName } from '@roomhooks/sdk';
import { SignJWT } from 'jose';
import { createNotifier, type Notifier, type PublishableEvent } from 'roomhooks';
import { Pool } from 'undici';
import { createHttpServer } from '../packages/server/src/http/server.js';

const args = process.argv.slice(2);
function flag(name: string, fallback: number): number {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
}
const COUNT = flag('events', 50_000);
const BATCH = flag('batch', 100);
const CONCURRENCY = flag('concurrency', 8);
const KEYS = { APIbench: 'bench-secret-bench-secret-bench-secret' };
const NAMES: WebhookEventName[] = [
  'participant_joined',
  'track_published',
  'track_unpublished',
  'participant_left',
];

function batches(prefix: string): PublishableEvent[][] {
  const out: PublishableEvent[][] = [];
  for (let i = 0; i < COUNT; i += BATCH) {
    const batch: PublishableEvent[] = [];
    for (let j = i; j < Math.min(COUNT, i + BATCH); j++) {
      const event = sampleWebhookEvent(NAMES[j % NAMES.length]!, {
        room: `room-${j % 500}`,
        identity: `u${j % 7}`,
      });
      batch.push({ ...event, id: `EV_${prefix}${String(j).padStart(9, '0')}` });
    }
    out.push(batch);
  }
  return out;
}

async function notifierWithPausedEndpoint(dir: string, name: string): Promise<Notifier> {
  const notifier = await createNotifier({ store: { sqlite: join(dir, `${name}.db`) }, keys: KEYS });
  const endpoint = await notifier.addEndpoint({ url: 'https://sink.invalid/hook' });
  await notifier.pauseEndpoint(endpoint.id);
  return notifier;
}

/** Runs `work` over the batches with `CONCURRENCY` workers; returns events per second. */
async function rate(
  all: PublishableEvent[][],
  work: (batch: PublishableEvent[]) => Promise<void>,
): Promise<number> {
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < all.length) await work(all[next++]!);
    }),
  );
  return COUNT / ((performance.now() - start) / 1000);
}

const dir = mkdtempSync(join(tmpdir(), 'roomhooks-ingest-'));
try {
  const direct = await notifierWithPausedEndpoint(dir, 'direct');
  const directRate = await rate(batches('d'), async (batch) => {
    await direct.publish(batch);
  });
  await direct.close();

  const viaHttp = await notifierWithPausedEndpoint(dir, 'http');
  const { app } = await createHttpServer({ notifier: viaHttp, keys: KEYS });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const token = await new SignJWT({})
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer('APIbench')
    .setIssuedAt()
    .setExpirationTime('1h')
    .sign(new TextEncoder().encode(KEYS.APIbench));
  const pool = new Pool(`http://127.0.0.1:${port}`, { connections: CONCURRENCY });
  const bodies = new Map(batches('h').map((b) => [b, JSON.stringify(b)]));
  let failures = 0;
  const httpRate = await rate([...bodies.keys()], async (batch) => {
    const res = await pool.request({
      path: '/v1/events',
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: bodies.get(batch)!,
    });
    if (res.statusCode !== 202) failures++;
    await res.body.dump();
  });
  await pool.close();
  await app.close();
  const stored = (await viaHttp.store.stats()).events;
  await viaHttp.close();

  const fmt = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 0 });
  console.log(`== ingest: ${fmt(COUNT)} events in batches of ${BATCH}, ${CONCURRENCY} concurrent, SQLite`);
  console.log(`direct notifier.publish        : ${fmt(directRate)} events/s`);
  console.log(
    `POST /v1/events (HTTP + auth)  : ${fmt(httpRate)} events/s  (${fmt(stored)} stored, ${failures} non-202)`,
  );
  console.log(`ratio HTTP / direct            : ${(httpRate / directRate).toFixed(2)}  (goal ≥ 0.7)`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
