/**
 * Several engines on one PostgreSQL schema: they share the work without delivering anything twice or out of
 * room order, see each other's endpoints, and take over the deliveries of one that was SIGKILLed once its
 * leases run out. Needs a database (see helpers/postgres.ts): fails, never skips, when there is none.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { describe, it, type TestContext } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createNotifier, type Notifier } from 'roomhooks';
import {
  API_KEY,
  API_SECRET,
  acceptedIds,
  collapseRepeats,
  idsByRoom,
  livekitEvent,
  roomEvent,
  startSink,
  waitFor,
} from '../helpers/engine.js';
import { dropSchema, randomSchema, requirePostgres, TEST_DATABASE_URL } from '../helpers/postgres.js';

const SCRIPT = fileURLToPath(new URL('../helpers/engine-process.ts', import.meta.url));

async function engines(t: TestContext, count: number, url: string): Promise<Notifier[]> {
  await requirePostgres();
  const schema = randomSchema();
  const notifiers: Notifier[] = [];
  t.after(async () => {
    for (const n of notifiers) await n.close();
    await dropSchema(schema);
  });
  for (let i = 0; i < count; i++) {
    notifiers.push(
      await createNotifier({
        store: { postgres: TEST_DATABASE_URL, schema, pool: { max: 4 } },
        keys: { [API_KEY]: API_SECRET },
        network: { allowLoopback: true },
        pollIntervalMs: 50,
        closeTimeoutMs: 2_000,
        endpoints: [{ id: 'ep', url }],
      }),
    );
  }
  return notifiers;
}

describe('engines sharing one PostgreSQL database', () => {
  it(
    'share the work: every event once, in room order, whoever published it',
    { timeout: 30_000 },
    async (t) => {
      const sink = await startSink(t, () => ({ status: 200, delayMs: 3 }));
      const [a, b] = await engines(t, 2, sink.url());
      const deliveredBy = new Map<Notifier, number>([
        [a!, 0],
        [b!, 0],
      ]);
      for (const n of [a!, b!]) n.events.on('delivered', () => deliveredBy.set(n, deliveredBy.get(n)! + 1));
      const rooms = ['r0', 'r1', 'r2', 'r3', 'r4', 'r5'];
      for (let n = 0; n < 10; n++) {
        await Promise.all(rooms.map((room, i) => ((n + i) % 2 === 0 ? a! : b!).publish(roomEvent(room, n))));
      }
      await waitFor('every event accepted', () => acceptedIds(sink).size === 60);
      assert.equal(sink.requests.length, 60, 'nothing was sent twice');
      const seen = idsByRoom(sink.requests);
      for (const room of rooms) {
        assert.deepEqual(
          seen.get(room),
          Array.from({ length: 10 }, (_, n) => `${room}-${n}`),
          `${room} in publish order`,
        );
      }
      // Who delivered what depends on who woke first; together, every delivery exactly once.
      await waitFor('outcomes recorded', () => deliveredBy.get(a!)! + deliveredBy.get(b!)! === 60);
      await new Promise((resolve) => setTimeout(resolve, 50));
      assert.equal(deliveredBy.get(a!)! + deliveredBy.get(b!)!, 60);
    },
  );

  it('see the endpoints other engines add, pause and remove', { timeout: 30_000 }, async (t) => {
    const sink = await startSink(t);
    const [a, b] = await engines(t, 2, sink.url());
    await a!.addEndpoint({ id: 'two', url: sink.url('/two') });
    await waitFor('b sees the new endpoint', () => b!.getEndpoint('two') !== undefined);
    await b!.publish(roomEvent('room', 1));
    await waitFor('delivered to the new endpoint', () => sink.accepted.some((r) => r.path === '/two'));
    await a!.pauseEndpoint('two');
    await waitFor('b sees it paused', () => b!.getEndpoint('two')?.state === 'paused');
    await a!.removeEndpoint('two');
    await waitFor('b sees it removed', () => b!.getEndpoint('two') === undefined);
  });

  it(
    'a SIGKILLed engine’s deliveries are taken over by another once its leases expire',
    { timeout: 30_000 },
    async (t) => {
      await requirePostgres();
      const schema = randomSchema();
      const ROOMS = 4;
      const PER_ROOM = 12;
      // room0-3's first attempt hangs, so that it is surely in flight when the engine is killed.
      let hung = false;
      const sink = await startSink(t, (r) => {
        if (livekitEvent(r).id === 'room0-3' && !hung) {
          hung = true;
          return { status: 200, delayMs: 60_000 };
        }
        return { status: 200, delayMs: 30 };
      });
      const children: ChildProcess[] = [];
      t.after(async () => {
        const running = children.filter((c) => c.exitCode === null && c.signalCode === null);
        for (const c of running) c.kill('SIGKILL');
        await Promise.all(running.map((c) => once(c, 'exit')));
        await dropSchema(schema);
      });
      const db = `${TEST_DATABASE_URL}#${schema}`;
      const start = async (args: string[]): Promise<{ child: ChildProcess; stderr: () => string }> => {
        const child = spawn(
          process.execPath,
          ['--conditions=roomhooks-source', '--import', 'tsx', SCRIPT, ...args],
          {
            stdio: ['ignore', 'pipe', 'pipe'],
          },
        );
        children.push(child);
        let stderr = '';
        child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        await new Promise<void>((resolve, reject) => {
          child.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve());
          child.once('exit', (code, signal) =>
            reject(new Error(`engine exited (${code ?? signal}): ${stderr}`)),
          );
        });
        return { child, stderr: () => stderr };
      };

      const first = await start([db, sink.url(), 'publish', String(ROOMS), String(PER_ROOM)]);
      await waitFor('room0-3 in flight', () => hung);
      first.child.kill('SIGKILL');
      await once(first.child, 'exit');
      const beforeKill = sink.requests.slice();
      const cutOff = beforeKill.filter((r) => r.status === undefined).map((r) => livekitEvent(r).id);
      assert.ok(cutOff.includes('room0-3'), 'room0-3 was cut off by the kill');

      const second = await start([db, sink.url(), 'resume']);
      await waitFor('every event accepted', () => acceptedIds(sink).size === ROOMS * PER_ROOM, 10_000).catch(
        (err) => {
          throw new Error(`${(err as Error).message}\n${second.stderr()}`);
        },
      );
      second.child.kill('SIGTERM');
      const [code] = (await once(second.child, 'exit')) as [number | null];
      assert.equal(code, 0, `clean shutdown: ${second.stderr()}`);

      const seen = idsByRoom(sink.requests);
      for (let r = 0; r < ROOMS; r++) {
        assert.deepEqual(
          collapseRepeats(seen.get(`room${r}`) ?? []),
          Array.from({ length: PER_ROOM }, (_, n) => `room${r}-${n}`),
          `room${r} in publish order`,
        );
      }
      for (const id of cutOff) {
        const sent = sink.requests.filter((r) => livekitEvent(r).id === id).length;
        assert.equal(sent, 2, `${id}, cut off by the kill, was sent again once`);
      }
    },
  );
});
