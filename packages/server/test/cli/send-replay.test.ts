import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { decodeWebhookEvent, type WebhookEvent } from '@roomhooks/sdk';
import { FakeApi } from './fake-api.js';
import { runCli } from './run-cli.js';

const KEY = 'APIsendTest';
const SECRET = 'send-test-secret-0123456789abcdef';

describe('roomhooks send and replay, against a stand-in API that checks the bearer JWT', () => {
  let api: FakeApi;
  let flags: string[];
  before(async () => {
    api = await FakeApi.start({ [KEY]: SECRET });
    flags = ['--url', api.url, '--api-key', KEY, '--api-secret', SECRET];
  });
  after(() => api.close());

  it('send publishes a valid sample event with a minted token and prints its id', async () => {
    const before = api.requests.length;
    const { code, stdout, stderr } = await runCli([
      'send',
      'track_published',
      '--room',
      'standup',
      '--identity',
      'bob',
      ...flags,
    ]);
    assert.equal(code, 0, stderr);
    const request = api.requests[before]!;
    assert.equal(request.issuer, KEY);
    const event = decodeWebhookEvent(request.body, { strict: true }) as WebhookEvent;
    assert.equal(event.event, 'track_published');
    assert.equal(event.room?.name, 'standup');
    assert.equal(event.participant?.identity, 'bob');
    // createdAt is now, give or take the spawn.
    assert.ok(Math.abs(Number(event.createdAt) - Date.now() / 1000) < 30);
    assert.match(stdout, new RegExp(`track_published ${event.id!} → ${api.url}`));
  });

  it('--json reports id and duplicate; an explicit --id sent twice is a duplicate', async () => {
    const args = ['send', 'room_started', '--id', 'EV_sendTwice001', '--json', ...flags];
    const first = await runCli(args);
    assert.equal(first.code, 0);
    assert.deepEqual(JSON.parse(first.stdout), {
      id: 'EV_sendTwice001',
      event: 'room_started',
      duplicate: false,
    });
    const second = await runCli(args);
    assert.deepEqual(JSON.parse(second.stdout), {
      id: 'EV_sendTwice001',
      event: 'room_started',
      duplicate: true,
    });
  });

  it('two sends without --id are two events', async () => {
    const a = await runCli(['send', 'room_finished', '--json', ...flags]);
    const b = await runCli(['send', 'room_finished', '--json', ...flags]);
    assert.notEqual((JSON.parse(a.stdout) as { id: string }).id, (JSON.parse(b.stdout) as { id: string }).id);
  });

  it('a key the server does not know: the API error code and message, exit 1', async () => {
    const { code, stderr } = await runCli([
      'send',
      'room_started',
      '--url',
      api.url,
      '--api-key',
      'APIx',
      '--api-secret',
      'y',
    ]);
    assert.equal(code, 1);
    assert.match(stderr, /unknown key APIx \(unknown_api_key\)/);
  });

  it('an unreachable server: exit 1 with a hint', async () => {
    const { code, stderr } = await runCli([
      'send',
      'room_started',
      '--url',
      'http://127.0.0.1:9',
      '--api-key',
      KEY,
      '--api-secret',
      SECRET,
    ]);
    assert.equal(code, 1);
    assert.match(stderr, /cannot reach http:\/\/127\.0\.0\.1:9 .*roomhooks serve/);
  });

  it('replay posts {since} to the endpoint route and prints how many were queued', async () => {
    const started = Date.now();
    const { code, stdout } = await runCli([
      'replay',
      '--endpoint',
      'EP_known',
      '--since',
      '1h',
      '--json',
      ...flags,
    ]);
    assert.equal(code, 0);
    const result = JSON.parse(stdout) as { endpoint: string; since: string; queued: number };
    assert.equal(result.queued, 7);
    const request = api.requests.at(-1)!;
    assert.equal(request.path, '/v1/endpoints/EP_known/replay');
    const since = Date.parse((request.body as { since: string }).since);
    assert.ok(Math.abs(started - 3_600_000 - since) < 30_000);

    const human = await runCli([
      'replay',
      '--endpoint',
      'EP_known',
      '--since',
      '2025-02-18T17:33:20Z',
      ...flags,
    ]);
    assert.match(human.stdout, /queued 7 events for EP_known since 2025-02-18T17:33:20\.000Z/);
  });

  it('replay of an unknown endpoint: the API error, exit 1', async () => {
    const { code, stderr } = await runCli(['replay', '--endpoint', 'EP_nope', '--since', '30m', ...flags]);
    assert.equal(code, 1);
    assert.match(stderr, /no endpoint EP_nope \(endpoint_not_found\)/);
  });
});
