/**
 * End to end: the real `serve` in a child process (config file, real sockets), publishing over HTTP, a real
 * sink, and SIGTERM in the middle of delivery — the process exits 0 and a restart delivers the rest.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it, type TestContext } from 'node:test';
import { acceptedIds, roomEvent, startSink, tempDir, waitFor } from '../helpers/engine.js';
import { killAfter, launchServe, serveArgv, stopServe, type ServeProcess } from '../helpers/serve-process.js';
import { API_KEY, API_SECRET, mintToken } from './helpers.js';

type Served = ServeProcess;

async function startServe(t: TestContext, cwd: string, args: string[]): Promise<Served> {
  const served = await launchServe(args, { cwd });
  killAfter(t, served.child);
  return served;
}

const stop = stopServe;

describe('roomhooks serve (child process)', () => {
  it('SIGTERM during delivery exits 0, and after a restart every event is delivered', async (t) => {
    const sink = await startSink(t, () => ({ status: 200, delayMs: 150 }));
    const dir = tempDir(t);
    writeFileSync(
      join(dir, 'roomhooks.yaml'),
      [
        'keys:',
        `  ${API_KEY}: ${API_SECRET}`,
        'port: 0',
        'log_level: warn',
        `storage: { sqlite: ${join(dir, 'rh.db')} }`,
        'network: { allow_loopback: true }',
        'endpoints:',
        `  - { id: sink, url: "${sink.url()}", retry: { schedule: [0, 50, 100, 200] } }`,
      ].join('\n'),
    );
    const first = await startServe(t, dir, ['--config', 'roomhooks.yaml']);
    const events = Array.from({ length: 12 }, (_, n) => roomEvent('room', n));
    const response = await fetch(`${first.url}/v1/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await mintToken()}`, 'content-type': 'application/x-ndjson' },
      body: events.map((e) => JSON.stringify(e)).join('\n'),
    });
    assert.equal(response.status, 202);
    assert.equal(((await response.json()) as { ids: string[] }).ids.length, 12);

    await waitFor('a delivery in flight', () => sink.accepted.length >= 2 && sink.inFlight > 0);
    assert.equal(await stop(first, 'SIGTERM'), 0, first.output());
    const before = acceptedIds(sink).size;
    assert.ok(before < 12, `stopped mid-way (${before} delivered)`);
    // The attempt in flight at SIGTERM was allowed to finish rather than cut off.
    assert.equal(sink.requests.filter((r) => r.status === undefined).length, 0);

    const second = await startServe(t, dir, ['--config', 'roomhooks.yaml']);
    await waitFor('every event delivered', () => acceptedIds(sink).size === 12, 10_000);
    assert.deepEqual([...acceptedIds(sink)].sort(), events.map((e) => e.id!).sort());
    assert.equal(await stop(second, 'SIGINT'), 0, second.output());
  });

  it('without a config: dev mode persists its key pair and URL, and a restart keeps the key', async (t) => {
    const dir = tempDir(t);
    const first = await startServe(t, dir, ['--port', '0']);
    assert.match(first.output(), /API secret {2}\S+ {3}\(generated now/);
    const keys = JSON.parse(readFileSync(join(dir, '.roomhooks', 'dev-keys.json'), 'utf8')) as Record<
      string,
      string
    >;
    assert.equal(keys.url, first.url);
    const health = await fetch(`${first.url}/healthz`);
    assert.equal(health.status, 200);
    const token = await mintToken({ apiKey: keys.apiKey!, secret: keys.apiSecret! });
    const endpoints = await fetch(`${first.url}/v1/endpoints`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const body = (await endpoints.json()) as { endpoints: { id: string; url: string; format: string }[] };
    assert.deepEqual(
      body.endpoints.map((e) => [e.id, e.url, e.format]),
      [['dev', 'http://127.0.0.1:3000/webhook', 'livekit']],
    );
    assert.equal(await stop(first, 'SIGTERM'), 0);

    const second = await startServe(t, dir, ['--port', '0']);
    assert.doesNotMatch(second.output(), /generated now/);
    const again = JSON.parse(readFileSync(join(dir, '.roomhooks', 'dev-keys.json'), 'utf8')) as Record<
      string,
      string
    >;
    assert.equal(again.apiKey, keys.apiKey);
    assert.equal(again.url, second.url);
    assert.equal(await stop(second, 'SIGTERM'), 0);
  });

  it('prints --help, and refuses a bad config with the file and line', async (t) => {
    const dir = tempDir(t);
    writeFileSync(
      join(dir, 'bad.yaml'),
      'keys: { APIa: s }\nwebhook:\n  api_key: APIa\n  urls: ["not a url"]\n',
    );
    const run = async (args: string[]): Promise<{ code: number | null; out: string }> => {
      const child = spawn(process.execPath, serveArgv(args), { cwd: dir });
      let out = '';
      child.stdout.on('data', (c: Buffer) => (out += c.toString()));
      child.stderr.on('data', (c: Buffer) => (out += c.toString()));
      const [code] = (await once(child, 'exit')) as [number | null];
      return { code, out };
    };
    const help = await run(['--help']);
    assert.equal(help.code, 0);
    assert.match(help.out, /^Usage: roomhooks serve \[--config roomhooks\.yaml\] \[--port 7890\]/);
    const bad = await run(['--config', 'bad.yaml']);
    assert.equal(bad.code, 1);
    assert.match(bad.out, /bad\.yaml:4: webhook\.urls\[0\]: not a valid URL/);
    const usage = await run(['--bogus']);
    assert.equal(usage.code, 2);
  });
});
