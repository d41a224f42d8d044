import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  encodeWebhookEvent,
  generateStandardWebhookSecret,
  sampleWebhookEvent,
  signLiveKitWebhook,
  signStandardWebhook,
} from '@roomhooks/sdk';
import { runCli, scratchDir } from './run-cli.js';

const KEY = 'APIverifyTest';
const SECRET = 'verify-test-secret-0123456789abcdef';
const body = encodeWebhookEvent(
  sampleWebhookEvent('participant_joined', { room: 'standup', identity: 'bob' }),
);
const sign = (options: { secret?: string; nowMs?: number } = {}): string =>
  signLiveKitWebhook({
    apiKey: KEY,
    apiSecret: options.secret ?? SECRET,
    body,
    ...(options.nowMs === undefined ? {} : { now: () => options.nowMs! }),
  });
const keyFlags = ['--api-key', KEY, '--api-secret', SECRET];

describe('roomhooks verify', () => {
  const scratch = scratchDir();
  const bodyFile = join(scratch.dir, 'body.json');
  const tamperedFile = join(scratch.dir, 'tampered.json');
  before(() => {
    writeFileSync(bodyFile, body);
    writeFileSync(tamperedFile, body.replace('"bob"', '"eve"'));
  });
  after(() => scratch.remove());

  it('a valid webhook: every check passes, exit 0', async () => {
    const { code, stdout } = await runCli(['verify', '--body', bodyFile, '--auth', sign(), ...keyFlags]);
    assert.equal(code, 0, stdout);
    assert.match(stdout, /✓ algorithm +HS256/);
    assert.match(stdout, new RegExp(`✓ issuer +${KEY}, a known key \\(--api-key\\)`));
    assert.match(stdout, /✓ signature +matches the secret/);
    assert.match(stdout, /✓ expires .*\(in (4m \d+s|5m)\)/);
    assert.match(stdout, /✓ claim .* matches the body/);
    assert.match(stdout, new RegExp(`^valid: signed by ${KEY}$`, 'm'));
  });

  it('a tampered body: the hash differs from the claim → body_hash_mismatch, exit 3', async () => {
    const { code, stdout } = await runCli(['verify', '--body', tamperedFile, '--auth', sign(), ...keyFlags]);
    assert.equal(code, 3);
    assert.match(stdout, /✓ signature/);
    assert.match(stdout, /✗ claim .* differs: the body was altered or re-serialised/);
    assert.match(stdout, /^invalid \(body_hash_mismatch\): /m);
  });

  it('a wrong secret: the signature does not match → invalid_signature, exit 3', async () => {
    const token = sign({ secret: 'some-other-secret' });
    const { code, stdout } = await runCli([
      'verify',
      '--body',
      bodyFile,
      '--auth',
      `Bearer ${token}`,
      ...keyFlags,
    ]);
    assert.equal(code, 3);
    assert.match(stdout, /✗ signature +does not match the secret of APIverifyTest/);
    assert.match(stdout, /^invalid \(invalid_signature\): /m);
  });

  it('an expired token: exp against this clock, with the difference → token_expired, exit 3', async () => {
    const token = sign({ nowMs: Date.now() - 20 * 60_000 });
    const { code, stdout } = await runCli(['verify', '--body', bodyFile, '--auth', token, ...keyFlags]);
    assert.equal(code, 3);
    assert.match(stdout, /✗ expires .*\(15m( \d+s)? ago\)/);
    assert.match(stdout, /^invalid \(token_expired\): /m);
  });

  it('a token from the future: nbf fails and the clock difference is named → token_not_yet_valid', async () => {
    const token = sign({ nowMs: Date.now() + 10 * 60_000 });
    const { code, stdout } = await runCli(['verify', '--body', bodyFile, '--auth', token, ...keyFlags]);
    assert.equal(code, 3);
    assert.match(stdout, /the signer's clock is (9m \d+s|10m) ahead of this machine's/);
    assert.match(stdout, /✗ not before/);
    assert.match(stdout, /^invalid \(token_not_yet_valid\): /m);
  });

  it('an unknown key → unknown_api_key, exit 3', async () => {
    const args = [
      'verify',
      '--body',
      bodyFile,
      '--auth',
      sign(),
      '--api-key',
      'APIother',
      '--api-secret',
      'x',
    ];
    const { code, stdout } = await runCli(args);
    assert.equal(code, 3);
    assert.match(stdout, /✗ issuer +APIverifyTest, unknown: not among the keys from --api-key/);
    assert.match(stdout, /^invalid \(unknown_api_key\): /m);
  });

  it('--json: one object with the verdict and every check', async () => {
    const args = ['verify', '--json', '--body', tamperedFile, '--auth', sign(), ...keyFlags];
    const { code, stdout } = await runCli(args);
    assert.equal(code, 3);
    const report = JSON.parse(stdout) as Record<string, unknown> & {
      token: Record<string, unknown>;
      body: Record<string, unknown>;
    };
    assert.equal(report['valid'], false);
    assert.equal(report['code'], 'body_hash_mismatch');
    assert.equal(report.token['algorithm'], 'HS256');
    assert.equal(report.token['issuer'], KEY);
    assert.equal(report.token['keyKnown'], true);
    assert.equal(report.token['signature'], 'ok');
    assert.equal(report.body['state'], 'fail');
  });

  it('keys come from ROOMHOOKS_KEYS, or from the dev file in the current directory', async () => {
    const auth = sign();
    const fromEnv = await runCli(['verify', '--body', bodyFile, '--auth', auth], {
      env: { ROOMHOOKS_KEYS: `APIsomeoneElse: abc, ${KEY}: ${SECRET}` },
    });
    assert.equal(fromEnv.code, 0, fromEnv.stdout);
    assert.match(fromEnv.stdout, /a known key \(ROOMHOOKS_KEYS\)/);

    mkdirSync(join(scratch.dir, '.roomhooks'), { recursive: true });
    writeFileSync(
      join(scratch.dir, '.roomhooks', 'dev-keys.json'),
      JSON.stringify({ apiKey: KEY, apiSecret: SECRET, url: 'http://127.0.0.1:7890' }),
    );
    const fromFile = await runCli(['verify', '--body', 'body.json', '--auth', auth], { cwd: scratch.dir });
    assert.equal(fromFile.code, 0, fromFile.stdout);
    assert.match(fromFile.stdout, /a known key \(\.roomhooks\/dev-keys\.json\)/);
  });

  it('reads the body from stdin with --body -', async () => {
    const { code } = await runCli(['verify', '--body', '-', '--auth', sign(), ...keyFlags], { input: body });
    assert.equal(code, 0);
  });

  it('an unreadable body file is an operation failure, exit 1; a missing --auth is a usage error, exit 2', async () => {
    const missing = await runCli([
      'verify',
      '--body',
      join(scratch.dir, 'nope.json'),
      '--auth',
      sign(),
      ...keyFlags,
    ]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /cannot read .*nope\.json \(ENOENT\)/);
    const usage = await runCli(['verify', '--body', bodyFile]);
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /--auth is required/);
  });

  describe('Standard Webhooks (--webhook-* flags)', () => {
    const secret = generateStandardWebhookSecret();
    const flagsFor = (options: { secret?: string; timestamp?: number; file?: string } = {}): string[] => {
      const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
      const headers = signStandardWebhook({
        id: 'EV_std0001',
        timestamp,
        body,
        secrets: [options.secret ?? secret],
      });
      return [
        'verify',
        '--body',
        options.file ?? bodyFile,
        '--standard-secret',
        secret,
        '--webhook-id',
        headers['webhook-id'],
        '--webhook-timestamp',
        headers['webhook-timestamp'],
        '--webhook-signature',
        headers['webhook-signature'],
      ];
    };

    it('valid: exit 0', async () => {
      const { code, stdout } = await runCli(flagsFor());
      assert.equal(code, 0, stdout);
      assert.match(stdout, /✓ signature +1 of 1 v1 signature match the secret/);
      assert.match(stdout, /^valid: webhook EV_std0001$/m);
    });

    it('signed with another secret, or the body changed → invalid_signature, exit 3', async () => {
      const other = await runCli(flagsFor({ secret: generateStandardWebhookSecret() }));
      assert.equal(other.code, 3);
      assert.match(other.stdout, /✗ signature +none of 1 v1 signature matches/);
      assert.match(other.stdout, /^invalid \(invalid_signature\): /m);
      const tampered = await runCli(flagsFor({ file: tamperedFile }));
      assert.equal(tampered.code, 3);
      assert.match(tampered.stdout, /^invalid \(invalid_signature\): /m);
    });

    it('an old timestamp: against this clock and the 300 s tolerance → token_expired, exit 3', async () => {
      const { code, stdout } = await runCli(flagsFor({ timestamp: Math.floor(Date.now() / 1000) - 3600 }));
      assert.equal(code, 3);
      assert.match(stdout, /✗ timestamp .*\(1h ago\) — beyond the 300s tolerance/);
      assert.match(stdout, /^invalid \(token_expired\): /m);
    });

    it('--auth and --webhook-* together are a usage error', async () => {
      const { code } = await runCli([...flagsFor(), '--auth', sign()]);
      assert.equal(code, 2);
    });
  });
});
