/**
 * End to end, several real `roomhooks serve` processes on one PostgreSQL database (each test in its own
 * `rh_test_<random>` schema): events published over HTTP to either process, delivered to a real sink on
 * 127.0.0.1. What the issue asks of a shared database, checked at the sink:
 *
 * - every event is delivered, in publish order within its lane (room), repeats of an id aside;
 * - no delivery ever has two attempts in flight at once (tracked per event id at the sink);
 * - a SIGKILLed process's lanes are taken over by the other once its leases run out;
 * - a database that goes away and comes back loses nothing, and the processes stay up.
 *
 * Needs PostgreSQL (see helpers/postgres.ts): fails, never skips, when there is none.
 */
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it, type TestContext } from 'node:test';
import type { PublishableEvent } from 'roomhooks';
import {
  acceptedIds,
  collapseRepeats,
  idsByRoom,
  livekitEvent,
  roomEvent,
  sleep,
  startSink,
  waitFor,
} from '../helpers/engine.js';
import { dropSchema, randomSchema, requirePostgres, TEST_DATABASE_URL } from '../helpers/postgres.js';
import { seededRandom, type Sink, type SinkRequest } from '../helpers/sink.js';
import { TcpProxy } from '../helpers/tcp-proxy.js';
import { API_KEY, API_SECRET, mintToken } from '../http/helpers.js';
import { launchServe, stopServe, type ServeProcess } from '../helpers/serve-process.js';

/** Retries come quickly, and often enough that a sink answering 500 a fifth of the time never exhausts them. */
const RETRY = '{ schedule: [0, 20, 40, 60, 80, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100] }';

type Served = ServeProcess;

interface Setup {
  dir: string;
  schema: string;
  children: ChildProcess[];
}

/**
 * A temp dir and a fresh schema for one test. One `after` hook, so that the order holds: processes still
 * running (a failed test) are killed and gone before the schema is dropped and the dir removed.
 */
async function setup(t: TestContext): Promise<Setup> {
  await requirePostgres();
  const s: Setup = {
    dir: mkdtempSync(join(tmpdir(), 'roomhooks-e2e-')),
    schema: randomSchema(),
    children: [],
  };
  t.after(async () => {
    const running = s.children.filter((c) => c.exitCode === null && c.signalCode === null);
    const exited = running.map((c) => once(c, 'exit'));
    for (const c of running) c.kill('SIGKILL');
    await Promise.all(exited);
    await dropSchema(s.schema);
    rmSync(s.dir, { recursive: true, force: true });
  });
  return s;
}

/**
 * Writes a config for one process and starts `serve` on it (port 0: the port is read from the banner). Every
 * process gets the same endpoint definition, as replicas of one deployment would.
 */
async function startServe(
  { dir, schema, children }: Setup,
  name: string,
  options: { database: string; sinkUrl: string; timeoutMs: number; leaseMarginMs: number },
): Promise<Served> {
  const file = join(dir, `${name}.yaml`);
  writeFileSync(
    file,
    [
      'keys:',
      `  ${API_KEY}: ${API_SECRET}`,
      'port: 0',
      'log_level: warn',
      'storage:',
      `  postgres: ${options.database}`,
      `  postgres_schema: ${schema}`,
      '  pool_max: 4',
      `  lease_margin_ms: ${options.leaseMarginMs}`,
      'network: { allow_loopback: true }',
      'endpoints:',
      `  - { id: sink, url: "${options.sinkUrl}", timeoutMs: ${options.timeoutMs}, retry: ${RETRY} }`,
    ].join('\n'),
  );
  const served = await launchServe(['--config', file], { cwd: dir, name });
  children.push(served.child);
  return served;
}

function alive(served: Served): boolean {
  return served.child.exitCode === null && served.child.signalCode === null;
}

const stop = (served: Served): Promise<number | null> => stopServe(served);

/** `POST /v1/events` as NDJSON with a fresh bearer token; resolves with the HTTP status. */
async function publish(served: Served, events: readonly PublishableEvent[]): Promise<number> {
  const response = await fetch(`${served.url}/v1/events`, {
    method: 'POST',
    headers: { authorization: `Bearer ${await mintToken()}`, 'content-type': 'application/x-ndjson' },
    body: events.map((e) => JSON.stringify(e)).join('\n'),
  });
  await response.arrayBuffer();
  return response.status;
}

/**
 * Publishes `perRoom` events in each room, round by round, alternating which process takes a room's event, so
 * every lane is fed by both. A round is acknowledged before the next starts: that fixes each room's order.
 */
async function publishRounds(
  servers: readonly Served[],
  rooms: readonly string[],
  from: number,
  to: number,
): Promise<void> {
  for (let n = from; n < to; n++) {
    await Promise.all(
      servers.map(async (served, s) => {
        const events = rooms
          .filter((_, i) => (n + i) % servers.length === s)
          .map((room) => roomEvent(room, n));
        if (events.length === 0) return;
        const status = await publish(served, events);
        assert.equal(status, 202, `publish round ${n} to process ${s}`);
      }),
    );
  }
}

/** Every room's events reached the sink in publish order (consecutive repeats of an id are retries). */
function assertRoomOrder(sink: Sink, rooms: readonly string[], perRoom: number): void {
  const seen = idsByRoom(sink.requests);
  for (const room of rooms) {
    assert.deepEqual(
      collapseRepeats(seen.get(room) ?? []),
      Array.from({ length: perRoom }, (_, n) => `${room}-${n}`),
      `${room} in publish order`,
    );
  }
}

/**
 * No two attempts of one delivery overlapped at the sink: per event id, each request ended (answered, or its
 * connection closed) before the next one arrived. A request still open counts as open forever.
 */
function assertNeverTwiceInFlight(sink: Sink): void {
  const byId = new Map<string, { receivedAt: number; endedAt: number }[]>();
  for (const r of sink.requests) {
    const { id } = livekitEvent(r);
    byId.set(id, [...(byId.get(id) ?? []), { receivedAt: r.receivedAt, endedAt: r.endedAt ?? Infinity }]);
  }
  for (const [id, spans] of byId) {
    for (let i = 1; i < spans.length; i++) {
      assert.ok(
        spans[i - 1]!.endedAt <= spans[i]!.receivedAt,
        `${id}: attempt ${i + 1} arrived while attempt ${i} was still in flight`,
      );
    }
  }
}

/**
 * The same, live: called by the sink's handler as each request arrives (it is already recorded), it notes any
 * other request for the same event still open at that moment.
 */
function noteOverlap(sink: Sink, request: SinkRequest, overlaps: string[]): void {
  const { id } = livekitEvent(request);
  const open = sink.requests.filter(
    (r) => r !== request && r.endedAt === undefined && livekitEvent(r).id === id,
  );
  if (open.length > 0) overlaps.push(id);
}

describe('several serve processes sharing one PostgreSQL database', () => {
  it(
    'two processes, publishes to both, a sink answering random 500s: everything delivered, in room order, never two attempts at once',
    { timeout: 30_000 },
    async (t) => {
      // The seed fixes the sequence of answers; which request draws which still depends on arrival order.
      const SEED = 20_261_125;
      const random = seededRandom(SEED);
      const overlaps: string[] = [];
      const sink = await startSink(t);
      sink.handler = (r) => {
        noteOverlap(sink, r, overlaps);
        return { status: random() < 0.2 ? 500 : 200, delayMs: Math.floor(random() * 15) };
      };
      const s = await setup(t);
      const options = {
        database: TEST_DATABASE_URL,
        sinkUrl: sink.url(),
        timeoutMs: 5_000,
        leaseMarginMs: 2_000,
      };
      const [a, b] = await Promise.all([startServe(s, 'a', options), startServe(s, 'b', options)]);

      const ROOMS = ['r0', 'r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7'];
      const PER_ROOM = 12;
      await publishRounds([a, b], ROOMS, 0, PER_ROOM);
      await waitFor('every event accepted', () => acceptedIds(sink).size === ROOMS.length * PER_ROOM, 15_000);

      const failures = sink.requests.filter((r) => r.status === 500).length;
      assert.ok(failures > 0, `the sink answered some 500s (seed ${SEED})`);
      assertRoomOrder(sink, ROOMS, PER_ROOM);
      assertNeverTwiceInFlight(sink);
      assert.deepEqual(overlaps, [], 'no attempt arrived while another of the same event was open');
      // Nothing delivered twice: each event's 2xx came once (500s were retried, successes were not repeated).
      assert.equal(sink.accepted.length, ROOMS.length * PER_ROOM, 'every event accepted exactly once');
      assert.equal(await stop(a), 0, a.output());
      assert.equal(await stop(b), 0, b.output());
    },
  );

  it(
    'a process SIGKILLed while a sink request is held: the other takes its lanes over once the lease expires',
    { timeout: 30_000 },
    async (t) => {
      const ROOMS = ['k0', 'k1', 'k2', 'k3'];
      const PER_ROOM = 10;
      const HELD = 'k0-2';
      let killed = false;
      const overlaps: string[] = [];
      const sink = await startSink(t);
      // Every attempt of HELD hangs until the kill (so one is surely open when it lands); after it, all is well.
      sink.handler = (r) => {
        noteOverlap(sink, r, overlaps);
        return livekitEvent(r).id === HELD && !killed
          ? { status: 200, delayMs: 60_000 }
          : { status: 200, delayMs: 5 };
      };
      const s = await setup(t);
      // The lease is timeout + margin = 6.5 s: long enough for the second process to start while the first
      // holds the request, short enough to keep the test quick.
      const options = {
        database: TEST_DATABASE_URL,
        sinkUrl: sink.url(),
        timeoutMs: 6_000,
        leaseMarginMs: 500,
      };
      // The first process alone at first, so that it is the one holding HELD.
      const a = await startServe(s, 'a', options);
      await publishRounds([a], ROOMS, 0, PER_ROOM / 2);
      await waitFor('HELD in flight', () => sink.requests.some((r) => livekitEvent(r).id === HELD));
      const claimedAt = Date.now();

      // Now two processes mid-run: the second starts and both take publishes (and deliver the other rooms).
      const b = await startServe(s, 'b', options);
      await publishRounds([a, b], ROOMS, PER_ROOM / 2, PER_ROOM);
      // An attempt of HELD is open when the kill lands (on a very slow machine the first may have timed out
      // and its retry be on its way).
      await waitFor('HELD open', () =>
        sink.requests.some((r) => livekitEvent(r).id === HELD && r.endedAt === undefined),
      );
      a.child.kill('SIGKILL');
      await once(a.child, 'exit');
      killed = true;
      await waitFor('the held request cut off by the kill', () =>
        sink.requests.every((r) => livekitEvent(r).id !== HELD || r.endedAt !== undefined),
      );
      const cutOff = sink.requests.filter((r) => r.endedAt !== undefined && r.status === undefined);
      assert.ok(
        cutOff.some((r) => livekitEvent(r).id === HELD),
        'the held attempt was cut off, never answered',
      );

      await waitFor(
        'every event accepted',
        () => acceptedIds(sink).size === ROOMS.length * PER_ROOM,
        15_000,
      ).catch((err: Error) => {
        throw new Error(`${err.message}\n--- b:\n${b.output()}`);
      });
      const resent = sink.requests.find((r) => livekitEvent(r).id === HELD && r.status === 200)!;
      // Not before the lease ran out: the first process might only have been slow, not dead.
      assert.ok(
        resent.receivedAt - claimedAt >= 6_000,
        `taken over after the lease (${resent.receivedAt - claimedAt} ms)`,
      );
      assert.ok(alive(b));

      assertRoomOrder(sink, ROOMS, PER_ROOM);
      assertNeverTwiceInFlight(sink);
      assert.deepEqual(overlaps, [], 'no attempt arrived while another of the same event was open');
      for (const { id } of cutOff.map(livekitEvent)) {
        assert.equal(
          sink.requests.filter((r) => livekitEvent(r).id === id && r.status === 200).length,
          1,
          `${id}, cut off by the kill, was delivered once by the survivor`,
        );
      }
      assert.equal(await stop(b), 0, b.output());
    },
  );

  it(
    'the database goes away mid-run and comes back: delivery resumes, nothing is lost, the processes stay up',
    { timeout: 30_000 },
    async (t) => {
      // The outage is simulated by a TCP proxy between the processes and PostgreSQL, taken down (listener closed,
      // every connection cut, as a restart does) and brought back on the same port. Restarting the real server
      // would break every other test file running against it in parallel.
      const target = new URL(TEST_DATABASE_URL);
      const proxy = await TcpProxy.start({ host: target.hostname, port: Number(target.port || 5432) });
      t.after(() => proxy.down());
      const viaProxy = new URL(TEST_DATABASE_URL);
      viaProxy.port = String(proxy.port);
      // A password the output must never show, not even in the connection errors of the outage (the test
      // database trusts local connections, so it is accepted whatever it is).
      const PASSWORD = 'e2e-db-password';
      viaProxy.password = PASSWORD;

      const overlaps: string[] = [];
      const sink = await startSink(t);
      // Slow enough that attempts are in flight when the database goes: their outcomes must wait for it.
      sink.handler = (r) => {
        noteOverlap(sink, r, overlaps);
        return { status: 200, delayMs: 40 };
      };
      const s = await setup(t);
      const options = {
        database: viaProxy.href,
        sinkUrl: sink.url(),
        timeoutMs: 5_000,
        leaseMarginMs: 2_000,
      };
      const [a, b] = await Promise.all([startServe(s, 'a', options), startServe(s, 'b', options)]);
      const ready = async (served: Served): Promise<number> => (await fetch(`${served.url}/readyz`)).status;
      assert.equal(await ready(a), 200);

      const ROOMS = ['p0', 'p1', 'p2', 'p3', 'p4', 'p5'];
      const PER_ROOM = 12;
      await publishRounds([a, b], ROOMS, 0, 6);
      await waitFor('deliveries under way', () => sink.accepted.length >= 6 && sink.inFlight > 0);

      await proxy.down();
      await waitFor(
        'both report the database unready',
        async () => (await ready(a)) === 503 && (await ready(b)) === 503,
      );
      assert.equal(
        await publish(a, [roomEvent('p0', 6)]),
        503,
        'a publish is refused, as retryable, while the database is away',
      );
      await sleep(1_000);
      await proxy.up();

      await waitFor(
        'both ready again',
        async () => (await ready(a)) === 200 && (await ready(b)) === 200,
        10_000,
      );
      await publishRounds([a, b], ROOMS, 6, PER_ROOM);
      await waitFor(
        'every event accepted',
        () => acceptedIds(sink).size === ROOMS.length * PER_ROOM,
        15_000,
      ).catch((err: Error) => {
        throw new Error(`${err.message}\n--- a:\n${a.output()}\n--- b:\n${b.output()}`);
      });
      assert.ok(alive(a) && alive(b), 'both processes stayed up');
      for (const served of [a, b]) {
        assert.match(served.output(), /engine error/, 'the outage was reported');
        assert.match(
          served.output(),
          /database postgres:\/\/postgres:\*\*\*@/,
          'the banner hides the password',
        );
        assert.ok(!served.output().includes(PASSWORD), 'the database password is never printed');
        // pg-pool hangs a dead idle connection's client on its error: it must not be dumped into the log (its
        // connection parameters carry the TLS settings, a client key read from `sslkey` included).
        assert.doesNotMatch(served.output(), /connectionParameters/, 'no pg client dumped into the log');
      }
      assertRoomOrder(sink, ROOMS, PER_ROOM);
      assertNeverTwiceInFlight(sink);
      assert.deepEqual(overlaps, [], 'no attempt arrived while another of the same event was open');
      assert.equal(await stop(a), 0, a.output());
      assert.equal(await stop(b), 0, b.output());
    },
  );

  it(
    'a database that cannot be reached at start: serve exits 1 and says why',
    { timeout: 30_000 },
    async (t) => {
      const s = await setup(t);
      // A port nothing listens on: a proxy that was started and taken down again.
      const proxy = await TcpProxy.start({ host: '127.0.0.1', port: 9 });
      await proxy.down();
      const unreachable = new URL(TEST_DATABASE_URL);
      unreachable.port = String(proxy.port);
      unreachable.password = 'never-printed';
      await assert.rejects(
        startServe(s, 'down', {
          database: unreachable.href,
          sinkUrl: 'http://127.0.0.1:9/',
          timeoutMs: 1_000,
          leaseMarginMs: 500,
        }),
        (err: Error) => {
          assert.match(err.message, /exited \(1\) before listening/);
          assert.match(
            err.message,
            /roomhooks serve: cannot open PostgreSQL at postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:\d+\/test: .*ECONNREFUSED/,
          );
          assert.ok(!err.message.includes('never-printed'));
          return true;
        },
      );
    },
  );
});
