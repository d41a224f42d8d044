import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Webhook } from 'standardwebhooks';
import {
  generateStandardWebhookSecret,
  parseStandardWebhookSecret,
  signStandardWebhook,
  verifyStandardWebhook,
  type VerifyStandardWebhookOptions,
} from '../../src/auth/index.js';
import { isWebhookError, type WebhookErrorCode } from '../../src/errors.js';

const NOW_S = 1_739_900_000;
const now = () => NOW_S * 1000;
const SECRET = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;
const OLD_SECRET = `whsec_${Buffer.alloc(24, 9).toString('base64')}`;
const body = JSON.stringify({
  type: 'room.started',
  timestamp: '2025-02-18T17:33:20.000Z',
  data: { room: 'demo' },
});

function headers(overrides: Record<string, string | undefined> = {}): Record<string, string> {
  const signed = signStandardWebhook({ id: 'msg_1', timestamp: NOW_S, body, secrets: [SECRET] });
  const merged: Record<string, string | undefined> = { ...signed, ...overrides };
  return Object.fromEntries(Object.entries(merged).filter(([, v]) => v !== undefined)) as Record<
    string,
    string
  >;
}

function rejects(
  code: WebhookErrorCode,
  hdrs: Record<string, string>,
  secrets: string | string[] = [SECRET],
  options: VerifyStandardWebhookOptions = {},
  payload = body,
): void {
  assert.throws(
    () => verifyStandardWebhook(payload, hdrs, secrets, { now, ...options }),
    (err: unknown) => {
      assert.ok(isWebhookError(err), `expected WebhookError, got ${String(err)}`);
      assert.equal(err.code, code, err.message);
      return true;
    },
  );
}

describe('Standard Webhooks interop with the standardwebhooks library', () => {
  it('the library verifies our signature', () => {
    const hdrs = signStandardWebhook({
      id: 'msg_1',
      timestamp: Math.floor(Date.now() / 1000),
      body,
      secrets: [SECRET],
    });
    assert.deepEqual(new Webhook(SECRET).verify(body, hdrs), JSON.parse(body));
  });

  it('we verify the library signature', () => {
    const ts = new Date(NOW_S * 1000);
    const signature = new Webhook(SECRET).sign('msg_2', ts, body);
    const hdrs = {
      'webhook-id': 'msg_2',
      'webhook-timestamp': String(NOW_S),
      'webhook-signature': signature,
    };
    assert.deepEqual(verifyStandardWebhook(body, hdrs, [SECRET], { now }), { id: 'msg_2', timestamp: NOW_S });
    // Bytes and Fetch Headers work too.
    assert.equal(verifyStandardWebhook(Buffer.from(body), new Headers(hdrs), SECRET, { now }).id, 'msg_2');
  });

  it('rotation: two secrets give two signatures, each verifiable on its own', () => {
    const hdrs = signStandardWebhook({
      id: 'msg_3',
      timestamp: Math.floor(Date.now() / 1000),
      body,
      secrets: [OLD_SECRET, SECRET],
    });
    assert.equal(hdrs['webhook-signature'].split(' ').length, 2);
    assert.match(hdrs['webhook-signature'], /^v1,[A-Za-z0-9+/]{43}= v1,[A-Za-z0-9+/]{43}=$/);
    new Webhook(OLD_SECRET).verify(body, hdrs);
    new Webhook(SECRET).verify(body, hdrs);
    assert.equal(verifyStandardWebhook(body, hdrs, [SECRET]).id, 'msg_3');
    assert.equal(verifyStandardWebhook(body, hdrs, [OLD_SECRET]).id, 'msg_3');
    // A receiver holding both secrets accepts a message signed with either one.
    const single = signStandardWebhook({ id: 'msg_4', timestamp: NOW_S, body, secrets: [OLD_SECRET] });
    assert.equal(verifyStandardWebhook(body, single, [SECRET, OLD_SECRET], { now }).id, 'msg_4');
  });

  it('accepts a secret without the whsec_ prefix, as the reference libraries do', () => {
    const bare = SECRET.slice('whsec_'.length);
    assert.equal(verifyStandardWebhook(body, headers(), bare, { now }).id, 'msg_1');
  });
});

describe('verifyStandardWebhook failures', () => {
  it('rejects tampering with invalid_signature', () => {
    rejects('invalid_signature', headers(), [SECRET], {}, body.replace('demo', 'dem0'));
    rejects('invalid_signature', headers({ 'webhook-id': 'msg_other' }));
    rejects('invalid_signature', headers({ 'webhook-timestamp': String(NOW_S + 1) }));
    rejects('invalid_signature', headers(), [OLD_SECRET]);
    rejects('invalid_signature', headers({ 'webhook-signature': 'v1a,AAAA v2,abc' }));
    rejects('invalid_signature', headers({ 'webhook-signature': 'v1,not*base64' }));
  });

  it('refuses a non-canonical spelling of a valid signature (unused base64 bits set)', () => {
    const signature = headers()['webhook-signature']!;
    const last = signature.at(-2)!; // the character before "=" carries 2 unused bits, zero when canonical
    const alt = String.fromCharCode(last.charCodeAt(0) + 1);
    const variant = `${signature.slice(0, -2)}${alt}=`;
    assert.deepEqual(Buffer.from(variant.slice(3), 'base64'), Buffer.from(signature.slice(3), 'base64'));
    rejects('invalid_signature', headers({ 'webhook-signature': variant }));
  });

  it('checks the timestamp tolerance both ways', () => {
    const at = (ts: number) => signStandardWebhook({ id: 'm', timestamp: ts, body, secrets: [SECRET] });
    rejects('token_expired', at(NOW_S - 301));
    rejects('token_not_yet_valid', at(NOW_S + 301));
    assert.equal(verifyStandardWebhook(body, at(NOW_S - 300), SECRET, { now }).id, 'm');
    assert.equal(verifyStandardWebhook(body, at(NOW_S + 300), SECRET, { now }).id, 'm');
    rejects('token_expired', at(NOW_S - 11), [SECRET], { toleranceSeconds: 10 });
  });

  it('names missing and malformed headers', () => {
    rejects('missing_authorization', headers({ 'webhook-signature': undefined }));
    rejects('missing_claim', headers({ 'webhook-id': undefined }));
    rejects('missing_claim', headers({ 'webhook-timestamp': undefined }));
    rejects('malformed_token', headers({ 'webhook-timestamp': '17399e5' }));
    rejects('malformed_token', headers({ 'webhook-timestamp': '-5' }));
    rejects('malformed_token', headers({ 'webhook-signature': 'garbage' }));
    rejects('malformed_token', headers({ 'webhook-id': 'a.b' }));
  });

  it('validates secrets with invalid_key', () => {
    for (const bad of [
      '',
      'whsec_',
      'whsec_!!!!',
      `whsec_${Buffer.alloc(16).toString('base64')}`,
      `whsec_${Buffer.alloc(65).toString('base64')}`,
    ]) {
      rejects('invalid_key', headers(), [bad]);
      assert.throws(
        () => parseStandardWebhookSecret(bad),
        (e: unknown) => isWebhookError(e, 'invalid_key'),
      );
    }
    rejects('invalid_key', headers(), []);
  });
});

describe('signStandardWebhook and generateStandardWebhookSecret', () => {
  it('refuses ids and timestamps the spec forbids', () => {
    for (const [id, timestamp] of [
      ['', NOW_S],
      ['a.b', NOW_S],
      ['ok', 1.5],
      ['ok', -1],
    ] as const) {
      assert.throws(
        () => signStandardWebhook({ id, timestamp, body, secrets: [SECRET] }),
        (e: unknown) => isWebhookError(e, 'invalid_event'),
      );
    }
  });

  it('generates usable whsec_ secrets from the given randomness', () => {
    const secret = generateStandardWebhookSecret();
    assert.match(secret, /^whsec_[A-Za-z0-9+/]{43}=$/);
    assert.notEqual(generateStandardWebhookSecret(), secret);
    assert.equal(parseStandardWebhookSecret(secret).bytes.length, 32);
    const fixed = generateStandardWebhookSecret({ bytes: 24, random: (n) => new Uint8Array(n).fill(1) });
    assert.equal(fixed, `whsec_${Buffer.alloc(24, 1).toString('base64')}`);
    new Webhook(fixed); // the reference library accepts it
    assert.throws(
      () => generateStandardWebhookSecret({ bytes: 16 }),
      (e: unknown) => isWebhookError(e, 'invalid_key'),
    );
  });
});
