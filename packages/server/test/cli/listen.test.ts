import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, it } from 'node:test';
import {
  encodeWebhookEvent,
  generateStandardWebhookSecret,
  sampleVideoSdkWebhook,
  sampleWebhookEvent,
  signLiveKitWebhook,
  signStandardWebhook,
  signVideoSdkWebhook,
} from '@roomhooks/sdk';
import { Sink } from '../helpers/sink.js';
import { Lines, scratchDir, startCli, stopCli } from './run-cli.js';

const KEY = 'APIlistenTest';
const SECRET = 'listen-test-secret-0123456789abcdef';
const keyFlags = ['--api-key', KEY, '--api-secret', SECRET];

const event = sampleWebhookEvent('participant_joined', {
  room: 'standup',
  identity: 'bob',
  id: 'EV_listenTest01',
});
const body = encodeWebhookEvent(event);

interface Listener {
  child: ChildProcess;
  out: Lines;
  url: string;
}

const running: ChildProcess[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((child) => stopCli(child)));
});

async function listen(args: string[]): Promise<Listener> {
  const child = startCli(['listen', '--port', '0', ...args]);
  running.push(child);
  const out = new Lines(child.stdout!);
  const first = await out.waitFor((line) => line.includes('listening'));
  const url = first.startsWith('{')
    ? (JSON.parse(first) as { listening: string }).listening
    : /(http:\/\/127\.0\.0\.1:\d+\/\S*)/.exec(first)?.[1];
  assert.ok(url, first);
  return { child, out, url };
}

function post(url: string, payload: string, headers: Record<string, string>): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    body: payload,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

describe('roomhooks listen', () => {
  it('prints one line per verified LiveKit webhook, and a red line with the code (401) for a tampered one', async () => {
    const { out, url } = await listen(keyFlags);
    const authorization = signLiveKitWebhook({ apiKey: KEY, apiSecret: SECRET, body });

    const ok = await post(url, body, { authorization });
    assert.equal(ok.status, 200);
    const line = await out.waitFor((l) => l.includes('participant_joined'));
    assert.match(line, /^\d\d:\d\d:\d\d {2}participant_joined +standup {2}bob {2}EV_listenTest01$/);

    const tampered = await post(url, body.replace('"bob"', '"eve"'), { authorization });
    assert.equal(tampered.status, 401);
    const answer = (await tampered.json()) as { error: { code: string } };
    assert.equal(answer.error.code, 'body_hash_mismatch');
    assert.match(
      await out.waitFor((l) => l.includes('rejected')),
      /✗ rejected livekit {2}body_hash_mismatch {2}/,
    );

    const unsigned = await post(url, body, {});
    assert.equal(unsigned.status, 401);
    await out.waitFor((l) => l.includes('missing_authorization'));
  });

  it('SIGTERM (relayed by the launcher) stops it cleanly: exit 0', async () => {
    const { child } = await listen(keyFlags);
    let stderr = '';
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    assert.equal(await stopCli(child), 0);
    assert.match(stderr, /stopped/);
  });

  it('--json: one object per request', async () => {
    const { out, url } = await listen([...keyFlags, '--json']);
    const authorization = signLiveKitWebhook({ apiKey: KEY, apiSecret: 'not-the-secret', body });
    assert.equal((await post(url, body, { authorization })).status, 401);
    const rejected = JSON.parse(await out.waitFor((l) => l.includes('rejected'))) as Record<string, unknown>;
    assert.equal(rejected['code'], 'invalid_signature');
    assert.equal(rejected['scheme'], 'livekit');
    assert.equal(rejected['status'], 401);

    const good = signLiveKitWebhook({ apiKey: KEY, apiSecret: SECRET, body });
    assert.equal((await post(url, body, { authorization: `Bearer ${good}` })).status, 200);
    const accepted = JSON.parse(await out.waitFor((l) => l.includes('"event"'))) as Record<string, unknown>;
    assert.deepEqual(
      { event: accepted['event'], room: accepted['room'], subject: accepted['subject'], id: accepted['id'] },
      { event: 'participant_joined', room: 'standup', subject: 'bob', id: 'EV_listenTest01' },
    );
  });

  it('verifies Standard Webhooks by their webhook-signature header', async () => {
    const secret = generateStandardWebhookSecret();
    const { out, url } = await listen(['--standard-secret', secret]);
    const payload = JSON.stringify({
      type: 'participant_joined',
      timestamp: new Date().toISOString(),
      data: event,
    });
    const headers = signStandardWebhook({
      id: 'EV_standard0001',
      timestamp: Math.floor(Date.now() / 1000),
      body: payload,
      secrets: [secret],
    });
    assert.equal((await post(url, payload, headers)).status, 200);
    assert.match(
      await out.waitFor((l) => l.includes('participant_joined')),
      /standup {2}bob {2}EV_standard0001$/,
    );
    // A LiveKit request to a listener without LiveKit keys says which flag is missing.
    assert.equal((await post(url, body, { authorization: 'x.y.z' })).status, 401);
    assert.match(await out.waitFor((l) => l.includes('rejected')), /--api-key\/--api-secret/);
  });

  it('verifies VideoSDK webhooks by their videosdk-signature header, with the PEM public key file', async () => {
    const { publicKey, privateKey } = generateKeyPairSync('rsa', {
      modulusLength: 2048,
      publicKeyEncoding: { type: 'spki', format: 'pem' },
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    });
    const scratch = scratchDir();
    try {
      writeFileSync(join(scratch.dir, 'videosdk.pem'), publicKey);
      const child = startCli(['listen', '--port', '0', '--videosdk-public-key', 'videosdk.pem'], {
        cwd: scratch.dir,
      });
      running.push(child);
      const out = new Lines(child.stdout!);
      const url = /(http:\/\/\S+)/.exec(await out.waitFor((l) => l.includes('listening')))![1]!;
      const payload = JSON.stringify(sampleVideoSdkWebhook('participant-joined', { participantName: 'Ann' }));
      const signature = signVideoSdkWebhook(payload, privateKey);
      assert.equal((await post(url, payload, { 'videosdk-signature': signature })).status, 200);
      assert.match(await out.waitFor((l) => l.includes('participant-joined')), /jvsg-8rjn-j304 {2}Ann {2}/);
      const forged = JSON.stringify(sampleVideoSdkWebhook('participant-joined', { participantName: 'Eve' }));
      assert.equal((await post(url, forged, { 'videosdk-signature': signature })).status, 401);
      assert.match(
        await out.waitFor((l) => l.includes('rejected')),
        /rejected videosdk {2}invalid_signature/,
      );
    } finally {
      scratch.remove();
    }
  });

  it('--forward passes a verified request on, same body and headers, and relays the answer', async () => {
    const sink = await Sink.start(() => ({ status: 202, body: 'accepted by app' }));
    try {
      const { out, url } = await listen([...keyFlags, '--forward', sink.url('/app/webhook')]);
      const authorization = signLiveKitWebhook({ apiKey: KEY, apiSecret: SECRET, body });
      const response = await post(url, body, { authorization, 'x-trace': 'abc' });
      assert.equal(response.status, 202);
      assert.equal(await response.text(), 'accepted by app');
      assert.equal(sink.requests.length, 1);
      const forwarded = sink.requests[0]!;
      assert.equal(forwarded.path, '/app/webhook');
      assert.equal(forwarded.body, body);
      assert.equal(forwarded.headers['authorization'], authorization);
      assert.equal(forwarded.headers['x-trace'], 'abc');
      assert.match(await out.waitFor((l) => l.includes('participant_joined')), /→ 202 \d+ms$/);

      // A rejected request never reaches the app.
      assert.equal((await post(url, `${body} `, { authorization })).status, 401);
      assert.equal(sink.requests.length, 1);
    } finally {
      await sink.close();
    }
  });

  it('refuses to start with nothing to verify with (usage error, exit 2)', async () => {
    const child = startCli(['listen', '--port', '0']);
    running.push(child);
    let stderr = '';
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    assert.equal(code, 2);
    assert.match(stderr, /nothing to verify with/);
  });
});
