import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { decodeWebhookEvent, type WebhookEvent } from '@roomhooks/sdk';
import { assertCausalOrder } from '../simulate/causal-order.js';
import { FakeApi } from './fake-api.js';
import { runCli } from './run-cli.js';

const KEY = 'APIsimulateTest';
const SECRET = 'simulate-test-secret-0123456789abcdef';

function parseNdjson(text: string): WebhookEvent[] {
  const lines = text.trimEnd().split('\n');
  return lines.map((line) => decodeWebhookEvent(JSON.parse(line), { strict: true }));
}

describe('roomhooks simulate', () => {
  it('--dry-run --seed 42 is reproducible, valid and causal per room, with no server', async () => {
    const [a, b] = await Promise.all([
      runCli(['simulate', '--dry-run', '--seed', '42']),
      runCli(['simulate', '--dry-run', '--seed', '42']),
    ]);
    assert.equal(a.code, 0, a.stderr);
    assert.equal(a.stdout, b.stdout);
    const events = parseNdjson(a.stdout);
    assert.ok(events.length > 40, `only ${events.length} events`);
    assertCausalOrder(events);
    // Default: 3 rooms.
    assert.equal(events.filter((e) => e.event === 'room_started').length, 3);

    const other = await runCli(['simulate', '--dry-run', '--seed', '43']);
    assert.notEqual(other.stdout, a.stdout);
  });

  it('--dry-run honours --rooms, --participants, --duration and --start', async () => {
    const start = '2026-01-01T00:00:00Z';
    const args = [
      'simulate',
      '--dry-run',
      '--seed',
      '7',
      '--rooms',
      '5',
      '--participants',
      '2',
      '--duration',
      '10m',
    ];
    const { code, stdout } = await runCli([...args, '--start', start]);
    assert.equal(code, 0);
    const events = parseNdjson(stdout);
    assert.equal(events.filter((e) => e.event === 'room_started').length, 5);
    const times = events.map((e) => Number(e.createdAt));
    const startSeconds = Date.parse(start) / 1000;
    assert.ok(Math.min(...times) >= startSeconds);
    assert.ok(Math.max(...times) < startSeconds + 600 && Math.max(...times) > startSeconds + 500);
  });

  describe('publishing', () => {
    let api: FakeApi;
    before(async () => {
      api = await FakeApi.start({ [KEY]: SECRET });
    });
    after(() => api.close());

    it('publishes exactly the dry-run events, in order, in batches, and prints only a JSON summary', async () => {
      const options = [
        '--seed',
        '9',
        '--rooms',
        '2',
        '--participants',
        '3',
        '--duration',
        '2s',
        '--start',
        '1739900000',
      ];
      const dry = await runCli(['simulate', '--dry-run', ...options]);
      const expected = parseNdjson(dry.stdout);

      const flags = ['--url', api.url, '--api-key', KEY, '--api-secret', SECRET];
      const { code, stdout, stderr } = await runCli([
        'simulate',
        ...options,
        '--batch',
        '5',
        '--json',
        ...flags,
      ]);
      assert.equal(code, 0, stderr);
      const summary = JSON.parse(stdout) as Record<string, unknown>;
      assert.equal(summary['published'], expected.length);
      assert.equal(summary['total'], expected.length);
      assert.equal(summary['duplicates'], 0);
      assert.equal(summary['seed'], '9');
      assert.ok((summary['elapsedMs'] as number) >= 1000, 'publishing is paced over the duration');

      const batches = api.requests
        .filter((r) => r.path === '/v1/events')
        .map((r) => r.body as WebhookEvent[]);
      assert.ok(batches.length >= 2, 'more than one request');
      for (const batch of batches) assert.ok(Array.isArray(batch) && batch.length >= 1 && batch.length <= 5);
      assert.deepEqual(
        batches.flat().map((e) => e.id),
        expected.map((e) => e.id),
      );

      // The same seed and start again: the server reports every event as a duplicate.
      const again = await runCli(['simulate', ...options, '--json', '--rate', '1000', ...flags]);
      assert.equal((JSON.parse(again.stdout) as { duplicates: number }).duplicates, expected.length);
    });

    it('--rate caps events per second', async () => {
      const flags = ['--url', api.url, '--api-key', KEY, '--api-secret', SECRET];
      const args = [
        'simulate',
        '--seed',
        '3',
        '--rooms',
        '1',
        '--participants',
        '0',
        '--duration',
        '1s',
        '--rate',
        '2',
      ];
      const { code, stdout } = await runCli([...args, '--json', ...flags]);
      assert.equal(code, 0);
      const summary = JSON.parse(stdout) as { published: number; elapsedMs: number };
      // At 2/s with a one-second burst, n events take at least (n − 2) / 2 seconds.
      assert.ok(summary.published >= 2);
      assert.ok(summary.elapsedMs >= ((summary.published - 2) / 2) * 1000 - 100, JSON.stringify(summary));
    });
  });
});
