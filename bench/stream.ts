/**
 * bench/stream — realtime fan-out of one room to many subscribed clients, beside webhook delivery of the same
 * events, measured in the same run.
 *
 *   npm run bench:stream -- [--clients 1000] [--rate 100] [--seconds 10] [--raw]
 *
 * A real `roomhooks serve` runs in a child process (SQLite in a temp dir, one LiveKit-format endpoint pointing at
 * a sink in a third process). This process opens `--clients` subscriptions to one room — `connectRoom` from
 * `@roomhooks/sdk/client` (the default: full `Room` objects, JSON parsing, events), or raw SSE readers with
 * `--raw` — then a publisher in a fourth process posts `data_received` events over HTTP (`POST /v1/events`, one
 * request each) at `--rate` per second for `--seconds`. Each event becomes exactly one change (`DataReceived`,
 * topic `bench-<n>`), so every receipt is matched to its publish. (Data messages, not metadata updates: the
 * reducer keeps the newest metadata by `createdAt`, so concurrent requests committed out of order would
 * legitimately drop a stale update and look like a lost change.)
 *
 * Printed: fan-out latency p50/p99/max (publish request sent → change received by a client), every
 * (client, event) pair accounted for; server CPU over the publishing window (utime+stime of the serve process,
 * from /proc); and the anchor: webhook delivery latency p50/p99 (publish → sink receipt) of the same events.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { connectRoom, createSseParser, type Room } from '@roomhooks/sdk/client';
import { startSink } from './lib/sink.js';

const args = process.argv.slice(2);
function flag(name: string, fallback: number): number {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
}
const CLIENTS = flag('clients', 1000);
const RATE = flag('rate', 100);
const SECONDS = flag('seconds', 10);
const RAW = args.includes('--raw');
const API_KEY = 'APIbenchStream';
const API_SECRET = 'bench-stream-secret-bench-stream-secret';
const ROOM = 'bench-room';
const ROOM_SID = 'RM_benchStream01';
/** A small chat-sized data message (base64). */
const PAYLOAD = Buffer.from('{"type":"chat","text":"hello from the bench"}').toString('base64');

const ENTRY = fileURLToPath(new URL('../packages/server/src/cli/serve-main.ts', import.meta.url));
const TSX = import.meta.resolve('tsx');

function adminToken(): string {
  const b64 = (o: object): string => Buffer.from(JSON.stringify(o)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const data = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ iss: API_KEY, iat: now, exp: now + 3600 })}`;
  return `${data}.${createHmac('sha256', API_SECRET).update(data).digest('base64url')}`;
}

async function startServe(dir: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(
    process.execPath,
    ['--conditions=roomhooks-source', '--import', TSX, ENTRY, '--config', 'roomhooks.yaml'],
    { cwd: dir, stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ROOMHOOKS_CONFIG: '' } },
  );
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`serve exited (${code}):\n${output}`)));
  });
  return { child, url };
}

/** CPU seconds (user + system) the process has used, from /proc/<pid>/stat. */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // After the command: state is field 3, so utime (14) and stime (15) are at 11 and 12 here.
  return (Number(fields[11]) + Number(fields[12])) / 100; // CLK_TCK is 100 on Linux
}

function percentile(sorted: Float64Array | number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function publish(url: string, token: string, events: object[]): Promise<void> {
  const res = await fetch(`${url}/v1/events`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(events),
  });
  if (res.status !== 202) throw new Error(`publish: HTTP ${res.status} ${await res.text()}`);
  await res.arrayBuffer();
}

/** A subscriber that only splits SSE messages and pulls the event number out of the text (no JSON parse). */
async function rawSubscriber(url: string, token: string, onEvent: (n: number) => void): Promise<() => void> {
  const abort = new AbortController();
  const res = await fetch(url, {
    headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' },
    signal: abort.signal,
  });
  if (res.status !== 200 || res.body === null) throw new Error(`stream: HTTP ${res.status}`);
  const parser = createSseParser((m) => {
    if (m.event !== 'change') return;
    const match = /"topic":"bench-(\d+)"/.exec(m.data);
    if (match) onEvent(Number(match[1]));
  });
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  void (async () => {
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        parser.push(decoder.decode(value, { stream: true }));
      }
    } catch {
      // aborted at the end
    }
  })();
  return () => abort.abort();
}

/** Wall-clock ms with sub-ms precision, comparable across processes on one machine. */
const wall = (): number => performance.timeOrigin + performance.now();

/**
 * The publisher, in its own process (`--publisher URL TOKEN`), so that the clients' work in the main process
 * cannot delay a publish: posts `data_received` events at RATE/s on a drift-free schedule, one request
 * each, and prints the wall time each request went out as one JSON line at the end.
 */
async function publisher(url: string, token: string): Promise<void> {
  const total = RATE * SECONDS;
  const sent: number[] = [];
  const inFlight: Promise<void>[] = [];
  const start = performance.now();
  const room = { sid: ROOM_SID, name: ROOM, emptyTimeout: 300, departureTimeout: 20 };
  for (let n = 0; n < total; n++) {
    const wait = start + (n * 1000) / RATE - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    sent.push(wall());
    inFlight.push(
      publish(url, token, [
        {
          id: `EV_stream${String(n).padStart(6, '0')}`,
          event: 'data_received',
          room,
          data: { payload: PAYLOAD, topic: `bench-${n}`, kind: 'RELIABLE' },
          createdAt: String(Math.floor(Date.now() / 1000)),
        },
      ]),
    );
  }
  await Promise.all(inFlight);
  process.stdout.write(`${JSON.stringify(sent)}\n`);
}

async function runPublisher(url: string, token: string): Promise<number[]> {
  const script = fileURLToPath(import.meta.url);
  const child = spawn(
    process.execPath,
    [
      '--conditions=roomhooks-source',
      '--import',
      TSX,
      script,
      '--publisher',
      url,
      token,
      '--rate',
      String(RATE),
      '--seconds',
      String(SECONDS),
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let out = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`publisher exited with ${code}`);
  return JSON.parse(out) as number[];
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'roomhooks-bench-stream-'));
  const sink = await startSink();
  writeFileSync(
    join(dir, 'roomhooks.yaml'),
    [
      'keys:',
      `  ${API_KEY}: ${API_SECRET}`,
      'port: 0',
      'log_level: warn',
      `storage: { sqlite: ${join(dir, 'bench.db')} }`,
      'network: { allow_loopback: true }',
      'endpoints:',
      `  - { id: sink, url: "${sink.url}" }`,
    ].join('\n'),
  );
  const server = await startServe(dir);
  const token = adminToken();
  const room = { sid: ROOM_SID, name: ROOM, emptyTimeout: 300, departureTimeout: 20 };
  const at = (): string => String(Math.floor(Date.now() / 1000));
  await publish(server.url, token, [
    { id: 'EV_streamStart', event: 'room_started', room, createdAt: at() },
    {
      id: 'EV_streamJoin',
      event: 'participant_joined',
      room,
      participant: { sid: 'PA_benchHost', identity: 'host', state: 'ACTIVE' },
      createdAt: at(),
    },
  ]);
  const minted = await fetch(`${server.url}/v1/rooms/${ROOM}/token`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ identity: 'bench', ttlSeconds: 3600 }),
  });
  const { token: roomToken } = (await minted.json()) as { token: string };
  const streamUrl = `${server.url}/v1/rooms/${ROOM}/stream`;

  const total = RATE * SECONDS;
  const sentWall = new Float64Array(total).fill(NaN); // wall time each publish request went out
  const arrived = new Float64Array(CLIENTS * total); // wall time each (client, event) change arrived
  let received = 0;
  let unexpected = 0;
  const seen = new Uint8Array(CLIENTS * total);
  const onEvent = (client: number, n: number): void => {
    const now = wall();
    if (n < 0 || n >= total || seen[client * total + n] === 1) {
      unexpected++;
      return;
    }
    seen[client * total + n] = 1;
    arrived[client * total + n] = now;
    received++;
  };

  // Connect in waves of 50, as a crowd opening a page would.
  const connectStart = performance.now();
  const rooms: Room[] = [];
  const closers: (() => void)[] = [];
  for (let c = 0; c < CLIENTS; c += 50) {
    await Promise.all(
      Array.from({ length: Math.min(50, CLIENTS - c) }, async (_, k) => {
        const client = c + k;
        if (RAW) {
          closers.push(await rawSubscriber(streamUrl, roomToken, (n) => onEvent(client, n)));
          return;
        }
        const r = await connectRoom(streamUrl, roomToken, { idleTimeoutMs: 0 });
        r.on('DataReceived', (_payload, _participant, _kind, topic) =>
          onEvent(client, Number(topic.slice(6))),
        );
        rooms.push(r);
      }),
    );
  }
  const connectMs = performance.now() - connectStart;
  await sink.receipts(); // drop the set-up events' deliveries

  // Publish at RATE/s from the publisher process.
  const cpuBefore = cpuSeconds(server.child.pid!);
  const selfBefore = process.cpuUsage();
  const windowStart = performance.now();
  const sent = await runPublisher(server.url, token);
  sent.forEach((time, n) => (sentWall[n] = time));
  const expected = CLIENTS * total;
  const drainDeadline = performance.now() + 30_000;
  while (received < expected && performance.now() < drainDeadline) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const windowMs = performance.now() - windowStart;
  const cpuAfter = cpuSeconds(server.child.pid!);
  const self = process.cpuUsage(selfBefore);

  // The anchor: webhook deliveries of the same events.
  const webhook: number[] = [];
  const webhookDeadline = Date.now() + 30_000;
  const delivered = new Set<string>();
  while (delivered.size < total && Date.now() < webhookDeadline) {
    for (const [time, id] of await sink.receipts()) {
      const match = /^EV_stream(\d{6})$/.exec(id);
      if (!match || delivered.has(id)) continue;
      delivered.add(id);
      webhook.push(time - sentWall[Number(match[1])]!);
    }
    if (delivered.size < total) await new Promise((resolve) => setTimeout(resolve, 100));
  }

  for (const r of rooms) r.disconnect();
  for (const close of closers) close();
  server.child.kill('SIGTERM');
  await new Promise((resolve) => server.child.once('exit', resolve));
  await sink.stop();
  rmSync(dir, { recursive: true, force: true });

  const fan = new Float64Array(received);
  let k = 0;
  for (let i = 0; i < CLIENTS * total; i++) if (seen[i] === 1) fan[k++] = arrived[i]! - sentWall[i % total]!;
  fan.sort();
  const hook = Float64Array.from(webhook).sort();
  const ms = (v: number): string => `${v.toFixed(1)} ms`;
  const kind = RAW ? 'raw SSE readers' : 'connectRoom Room objects';
  console.log(
    `\n== stream fan-out: ${CLIENTS} clients (${kind}) on one room, ${RATE} events/s for ${SECONDS} s`,
  );
  console.log(`clients connected in              : ${ms(connectMs)}`);
  console.log(
    `changes received                  : ${received} / ${expected}` +
      ` (${expected - received} missed, ${unexpected} unexpected or doubled)`,
  );
  console.log(
    `fan-out latency publish → client  : p50 ${ms(percentile(fan, 50))}  p99 ${ms(percentile(fan, 99))}  max ${ms(fan[fan.length - 1] ?? NaN)}`,
  );
  console.log(
    `server CPU (serve process)        : ${(cpuAfter - cpuBefore).toFixed(2)} s over ${(windowMs / 1000).toFixed(1)} s = ${((100 * (cpuAfter - cpuBefore)) / (windowMs / 1000)).toFixed(0)} % of one core`,
  );
  console.log(
    `bench process CPU (the clients)   : ${((self.user + self.system) / 1e6).toFixed(2)} s = ${((100 * (self.user + self.system)) / 1e3 / windowMs).toFixed(0)} % of one core`,
  );
  console.log(
    `anchor: webhook publish → sink    : p50 ${ms(percentile(hook, 50))}  p99 ${ms(percentile(hook, 99))}  (${delivered.size} / ${total} delivered)`,
  );
  const load = loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
  console.log(`machine                           : ${cpus().length} CPUs, load average ${load} at the end`);
  console.log(
    'note: the room hub reads the store every 100 ms (pollIntervalMs): with few clients that wait is most of\n' +
      '      the fan-out latency; the anchor is one room, so one ordered delivery lane (LiveKit semantics)',
  );
}

const publisherFlag = args.indexOf('--publisher');
if (publisherFlag >= 0) await publisher(args[publisherFlag + 1]!, args[publisherFlag + 2]!);
else await main();
