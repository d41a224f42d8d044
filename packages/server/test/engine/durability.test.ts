import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { describe, it, type TestContext } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
  acceptedIds,
  collapseRepeats,
  idsByRoom,
  livekitEvent,
  startSink,
  tempDir,
  waitFor,
} from '../helpers/engine.js';

const SCRIPT = fileURLToPath(new URL('../helpers/engine-process.ts', import.meta.url));
const ROOMS = 4;
const PER_ROOM = 15;

/** Starts the engine in a child process and resolves once it printed `ready`. */
async function startEngine(
  t: TestContext,
  args: string[],
): Promise<{ child: ChildProcess; stderr: () => string }> {
  const child = spawn(
    process.execPath,
    ['--conditions=roomhooks-source', '--import', 'tsx', SCRIPT, ...args],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  t.after(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  let stdout = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.includes('ready\n')) resolve();
    });
    child.once('exit', (code, signal) =>
      reject(new Error(`engine exited (${code ?? signal}) before ready: ${stderr}`)),
    );
  });
  return { child, stderr: () => stderr };
}

describe('durability', () => {
  it('a SIGKILLed engine restarted on the same file delivers everything, in order, repeating only what was in flight', async (t) => {
    // Slow enough that the kill always lands while requests are in flight, even on a loaded machine.
    const sink = await startSink(t, () => ({ status: 200, delayMs: 250 }));
    const db = join(tempDir(t), 'roomhooks.db');
    const expected = Array.from({ length: ROOMS }, (_, r) =>
      Array.from({ length: PER_ROOM }, (_, n) => `room${r}-${n}`),
    );

    const first = await startEngine(t, [db, sink.url(), 'publish', String(ROOMS), String(PER_ROOM)]);
    await waitFor('deliveries under way', () => sink.requests.length >= 4 * ROOMS && sink.inFlight > 0);
    first.child.kill('SIGKILL');
    await once(first.child, 'exit');
    const beforeKill = sink.requests.slice();
    assert.ok(beforeKill.length < ROOMS * PER_ROOM, 'killed mid-way');
    const cutOff = beforeKill.filter((r) => r.status === undefined).map((r) => livekitEvent(r).id);
    assert.ok(cutOff.length >= 1, 'at least one request was cut off by the kill');

    const second = await startEngine(t, [db, sink.url(), 'resume']);
    await waitFor('every event accepted', () => acceptedIds(sink).size === ROOMS * PER_ROOM, 15_000).catch(
      (err) => {
        throw new Error(`${(err as Error).message}\n${second.stderr()}`);
      },
    );
    second.child.kill('SIGTERM');
    const [code] = (await once(second.child, 'exit')) as [number | null];
    assert.equal(code, 0, `clean shutdown: ${second.stderr()}`);

    const seen = idsByRoom(sink.requests);
    for (const [r, ids] of expected.entries()) {
      assert.deepEqual(collapseRepeats(seen.get(`room${r}`) ?? []), ids, `room${r} in publish order`);
    }
    // Only the head each lane had in flight at the kill may arrive twice.
    const lastBeforeKill = new Set([...idsByRoom(beforeKill).values()].map((ids) => ids.at(-1)));
    const counts = new Map<string, number>();
    for (const r of sink.requests) counts.set(livekitEvent(r).id, (counts.get(livekitEvent(r).id) ?? 0) + 1);
    const repeated = [...counts].filter(([, n]) => n > 1).map(([id]) => id);
    for (const id of repeated) {
      assert.ok(lastBeforeKill.has(id), `${id} was repeated but was not in flight at the kill`);
      assert.equal(counts.get(id), 2);
    }
    for (const id of cutOff) assert.ok(repeated.includes(id), `${id}, cut off by the kill, was sent again`);
  });
});
