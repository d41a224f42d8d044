import assert from 'node:assert/strict';
import { createSign, generateKeyPairSync } from 'node:crypto';
import { describe, it } from 'node:test';
import { AccessToken } from 'livekit-server-sdk';
import { sha256Base64, signLiveKitWebhook } from '../../src/auth/index.js';
import { sampleWebhookEvent } from '../../src/catalog/livekit/index.js';
import { encodeWebhookEvent } from '../../src/codec/index.js';
import { isWebhookError, type WebhookErrorCode } from '../../src/errors.js';
import { WebhookReceiver } from '../../src/receiver/index.js';
import { b64url, buildToken, digestOf, HS256 } from '../auth/token-builder.js';

const NOW = 1_739_900_000_000;
const T = NOW / 1000;
const now = () => NOW;
const KEY = 'APIsecurityKey';
const SECRET = 'security-secret-0123456789abcdefghijkl';
const body = encodeWebhookEvent(sampleWebhookEvent('participant_left'));
const receiver = new WebhookReceiver({ keys: { [KEY]: SECRET }, now });

function claims(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { iss: KEY, exp: T + 300, nbf: T, iat: T, sha256: digestOf(body), ...extra };
}
const token = (extra: Record<string, unknown> = {}, secret = SECRET) =>
  buildToken(HS256, claims(extra), secret);

async function rejectsWith(code: WebhookErrorCode, promise: Promise<unknown>): Promise<void> {
  await assert.rejects(promise, (err: unknown) => {
    assert.ok(isWebhookError(err), `expected WebhookError, got ${String(err)}`);
    assert.equal(err.code, code, err.message);
    return true;
  });
}

describe('WebhookReceiver security', () => {
  it('accepts the untouched request', async () => {
    assert.equal((await receiver.receive(body, token())).event, 'participant_left');
  });

  it('tampered body → body_hash_mismatch', async () => {
    await rejectsWith('body_hash_mismatch', receiver.receive(body.replace('alice', 'mallory'), token()));
    await rejectsWith('body_hash_mismatch', receiver.receive(` ${body}`, token()));
  });

  it('wrong secret → invalid_signature; unknown key → unknown_api_key', async () => {
    await rejectsWith('invalid_signature', receiver.receive(body, token({}, 'not-the-secret')));
    await rejectsWith('unknown_api_key', receiver.receive(body, token({ iss: 'APIunknown' })));
  });

  it('alg none, HS512 and RS256 → unsupported_algorithm', async () => {
    const payload = b64url(JSON.stringify(claims()));
    await rejectsWith(
      'unsupported_algorithm',
      receiver.receive(body, `${b64url('{"alg":"none"}')}.${payload}.`),
    );
    await rejectsWith(
      'unsupported_algorithm',
      receiver.receive(body, buildToken({ alg: 'HS512', typ: 'JWT' }, claims(), SECRET, 'sha512')),
    );
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const input = `${b64url('{"alg":"RS256","typ":"JWT"}')}.${payload}`;
    const signature = createSign('RSA-SHA256').update(input).sign(privateKey, 'base64url');
    await rejectsWith('unsupported_algorithm', receiver.receive(body, `${input}.${signature}`));
  });

  it('missing or expired exp', async () => {
    await rejectsWith('missing_claim', receiver.receive(body, token({ exp: undefined })));
    await rejectsWith('token_expired', receiver.receive(body, token({ exp: T - 61 })));
  });

  it('nbf beyond the tolerance fails, within it passes, and the per-call tolerance applies', async () => {
    await rejectsWith('token_not_yet_valid', receiver.receive(body, token({ nbf: T + 61 })));
    assert.equal((await receiver.receive(body, token({ nbf: T + 60 }))).event, 'participant_left');
    await rejectsWith('token_not_yet_valid', receiver.receive(body, token({ nbf: T + 11 }), false, '10s'));
    assert.equal(
      (await receiver.receive(body, token({ nbf: T + 110 }), false, '2m')).event,
      'participant_left',
    );
    await rejectsWith('invalid_key', receiver.receive(body, token(), false, 'soon'));
  });

  it('two-part, garbage and missing tokens', async () => {
    const [h, p] = token().split('.');
    await rejectsWith('malformed_token', receiver.receive(body, `${h}.${p}`));
    await rejectsWith('malformed_token', receiver.receive(body, 'not a token at all'));
    await rejectsWith('malformed_token', receiver.receive(body, '...'));
    await rejectsWith('missing_authorization', receiver.receive(body));
    await rejectsWith('missing_authorization', receiver.verify({ body, headers: {} }));
  });

  it('missing sha256 → missing_claim', async () => {
    await rejectsWith('missing_claim', receiver.receive(body, token({ sha256: undefined })));
  });

  it('oversized body → body_too_large, before the token is even read', async () => {
    const small = new WebhookReceiver({ keys: { [KEY]: SECRET }, maxBodyBytes: 64, now });
    await rejectsWith('body_too_large', small.receive(body, token()));
    await rejectsWith('body_too_large', small.receive(body));
    await rejectsWith('body_too_large', small.receive(Buffer.from(body)));
    // Multi-byte characters count as their UTF-8 size.
    await rejectsWith('body_too_large', small.receive('é'.repeat(40)));
    const big = 'x'.repeat(1024 * 1024 + 1);
    await rejectsWith('body_too_large', receiver.receive(big, token()));
  });

  it('correctly signed but non-JSON body → malformed_body', async () => {
    for (const text of ['not json', '', '[1,2]', 'null', '{"event":']) {
      const signed = signLiveKitWebhook({ apiKey: KEY, apiSecret: SECRET, body: text, now });
      await rejectsWith('malformed_body', receiver.receive(text, signed));
    }
    const badUtf8 = Uint8Array.from([0x7b, 0xff, 0x7d]);
    const signed = signLiveKitWebhook({ apiKey: KEY, apiSecret: SECRET, body: badUtf8, now });
    await rejectsWith('malformed_body', receiver.receive(badUtf8, signed));
  });

  it('an already-parsed body → body_already_parsed', async () => {
    await rejectsWith('body_already_parsed', receiver.receive(JSON.parse(body) as string, token()));
  });

  it('Bearer prefix is accepted', async () => {
    assert.equal((await receiver.receive(body, `Bearer ${token()}`)).event, 'participant_left');
    assert.equal(
      (await receiver.verify({ body, headers: { authorization: `Bearer ${token()}` } })).event,
      'participant_left',
    );
  });

  it('several keys: the secret is chosen by iss (rotation)', async () => {
    const rotating = new WebhookReceiver({
      keys: new Map([
        ['APIold', 'old-secret'],
        ['APInew', 'new-secret'],
      ]),
      now,
    });
    assert.equal(
      (await rotating.receive(body, token({ iss: 'APIold' }, 'old-secret'))).event,
      'participant_left',
    );
    assert.equal(
      (await rotating.receive(body, token({ iss: 'APInew' }, 'new-secret'))).event,
      'participant_left',
    );
    await rejectsWith('invalid_signature', rotating.receive(body, token({ iss: 'APInew' }, 'old-secret')));
    // A real livekit-server-sdk token with the new key (its own clock, so use the real time here).
    const at = new AccessToken('APInew', 'new-secret', { ttl: '5m' });
    at.sha256 = sha256Base64(body);
    const live = new WebhookReceiver({ keys: { APIold: 'old-secret', APInew: 'new-secret' } });
    assert.equal((await live.receive(body, await at.toJwt())).event, 'participant_left');
  });

  it('strict mode refuses unknown event names with invalid_event; lenient mode keeps them', async () => {
    const unknown =
      '{"event":"room_metadata_updated","room":{"name":"demo"},"id":"EV_x","createdAt":"1739900000"}';
    const signed = signLiveKitWebhook({ apiKey: KEY, apiSecret: SECRET, body: unknown, now });
    assert.equal((await receiver.receive(unknown, signed)).event, 'room_metadata_updated');
    const strict = new WebhookReceiver({ keys: { [KEY]: SECRET }, strict: true, now });
    await rejectsWith('invalid_event', strict.receive(unknown, signed));
  });

  it('bad configuration → invalid_key at construction', () => {
    for (const make of [
      () => new WebhookReceiver('', SECRET),
      () => new WebhookReceiver(KEY, ''),
      () => new WebhookReceiver({ keys: {} }),
      () => new WebhookReceiver({ keys: { [KEY]: SECRET }, maxBodyBytes: 0 }),
      () => new WebhookReceiver({ keys: { [KEY]: SECRET }, clockToleranceSeconds: -5 }),
    ]) {
      assert.throws(make, (e: unknown) => isWebhookError(e, 'invalid_key'));
    }
  });
});
