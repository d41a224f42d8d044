import assert from 'node:assert/strict';
import { createSign, generateKeyPairSync } from 'node:crypto';
import { describe, it } from 'node:test';
import {
  createKeyProvider,
  sha256Base64,
  signLiveKitWebhook,
  verifyLiveKitWebhook,
  type VerifyLiveKitWebhookOptions,
} from '../../src/auth/index.js';
import { isWebhookError, type WebhookErrorCode } from '../../src/errors.js';
import { b64url, buildToken, digestOf, HS256 } from './token-builder.js';

const NOW = 1_739_900_000_000; // ms
const now = () => NOW;
const T = NOW / 1000;
const KEY = 'APIwebhookKey';
const SECRET = 'a-long-enough-webhook-secret-for-tests';
const keys = createKeyProvider({ [KEY]: SECRET });
const body =
  '{"event":"room_started", "room":{"sid":"RM_1","name":"demo"},"id":"EV_a","createdAt":"1739900000"}';

function rejects(
  code: WebhookErrorCode,
  token: string | undefined,
  options: VerifyLiveKitWebhookOptions = {},
  payload: string | Uint8Array = body,
): void {
  assert.throws(
    () => verifyLiveKitWebhook(payload, token, keys, { now, ...options }),
    (err: unknown) => {
      assert.ok(isWebhookError(err), `expected WebhookError, got ${String(err)}`);
      assert.equal(err.code, code, err.message);
      return true;
    },
  );
}

function claims(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { iss: KEY, exp: T + 300, nbf: T, iat: T, sha256: digestOf(body), ...extra };
}

describe('signLiveKitWebhook', () => {
  it('writes the LiveKit server header and Go-ordered integer claims', () => {
    const token = signLiveKitWebhook({ apiKey: KEY, apiSecret: SECRET, body, now: () => NOW + 999 });
    const [header, payload] = token.split('.').map((p) => Buffer.from(p, 'base64url').toString());
    assert.equal(header, '{"alg":"HS256","typ":"JWT"}');
    assert.equal(
      payload,
      `{"iss":"${KEY}","exp":${T + 300},"nbf":${T},"iat":${T},"sha256":"${digestOf(body)}"}`,
    );
    // Same input, same clock: same bytes as an independent HMAC over the same header and claims.
    assert.equal(token, buildToken(HS256, claims(), SECRET));
  });

  it('honours validForSeconds and hashes bytes and strings alike', () => {
    const bytes = new TextEncoder().encode(body);
    const a = signLiveKitWebhook({ apiKey: KEY, apiSecret: SECRET, body: bytes, now, validForSeconds: 60 });
    const b = signLiveKitWebhook({ apiKey: KEY, apiSecret: SECRET, body, now, validForSeconds: 60 });
    assert.equal(a, b);
    assert.equal(JSON.parse(Buffer.from(a.split('.')[1]!, 'base64url').toString()).exp, T + 60);
  });

  it('rejects empty keys and bad lifetimes with invalid_key', () => {
    for (const opts of [
      { apiKey: '', apiSecret: SECRET },
      { apiKey: KEY, apiSecret: '' },
      { apiKey: KEY, apiSecret: SECRET, validForSeconds: 0 },
      { apiKey: KEY, apiSecret: SECRET, validForSeconds: 1.5 },
    ]) {
      assert.throws(
        () => signLiveKitWebhook({ ...opts, body }),
        (e: unknown) => isWebhookError(e, 'invalid_key'),
      );
    }
  });

  it('sha256Base64 is padded standard base64 of the UTF-8 bytes', () => {
    assert.equal(sha256Base64('{}'), 'RBNvo1WzZ4oRRq0W9+hknpT7T8If536DEMBg9hyq/4o=');
    assert.equal(sha256Base64('é'), digestOf(Buffer.from('é', 'utf8')));
  });
});

describe('verifyLiveKitWebhook', () => {
  const good = () => signLiveKitWebhook({ apiKey: KEY, apiSecret: SECRET, body, now });

  it('accepts a valid token and returns its claims', () => {
    const result = verifyLiveKitWebhook(body, good(), keys, { now });
    assert.deepEqual(result, claims());
  });

  it('accepts a Bearer prefix (any case) and surrounding spaces', () => {
    for (const prefix of ['Bearer ', 'bearer ', 'BEARER  ', ' Bearer ']) {
      assert.equal(verifyLiveKitWebhook(body, `${prefix}${good()} `, keys, { now }).iss, KEY);
    }
  });

  it('accepts the body as bytes', () => {
    assert.equal(verifyLiveKitWebhook(Buffer.from(body), good(), keys, { now }).iss, KEY);
    assert.equal(verifyLiveKitWebhook(new TextEncoder().encode(body), good(), keys, { now }).iss, KEY);
  });

  it('picks the secret by iss when several keys are configured (rotation)', () => {
    const rotating = createKeyProvider({ APIold: 'old-secret', APInew: 'new-secret' });
    for (const [apiKey, apiSecret] of [
      ['APIold', 'old-secret'],
      ['APInew', 'new-secret'],
    ] as const) {
      const token = signLiveKitWebhook({ apiKey, apiSecret, body, now });
      assert.equal(verifyLiveKitWebhook(body, token, rotating, { now }).iss, apiKey);
    }
    const crossed = buildToken(HS256, claims({ iss: 'APIold' }), 'new-secret');
    assert.throws(
      () => verifyLiveKitWebhook(body, crossed, rotating, { now }),
      (e: unknown) => isWebhookError(e, 'invalid_signature'),
    );
  });

  it('rejects a missing or empty header with missing_authorization', () => {
    rejects('missing_authorization', undefined);
    rejects('missing_authorization', '');
    rejects('missing_authorization', 'Bearer ');
  });

  it('rejects a tampered body with body_hash_mismatch', () => {
    rejects('body_hash_mismatch', good(), {}, body.replace('demo', 'dem0'));
    rejects('body_hash_mismatch', good(), {}, body.replace(', ', ','));
    rejects('body_hash_mismatch', good(), {}, `${body}\n`);
  });

  it('rejects the wrong secret with invalid_signature', () => {
    rejects('invalid_signature', buildToken(HS256, claims(), 'another-secret'));
  });

  it('rejects a tampered payload or signature with invalid_signature', () => {
    const [h, , s] = good().split('.');
    rejects('invalid_signature', `${h}.${b64url(JSON.stringify(claims({ exp: T + 9999 })))}.${s}`);
    const flipped = s!.slice(0, 10) + (s![10] === 'A' ? 'B' : 'A') + s!.slice(11);
    rejects('invalid_signature', `${h}.${good().split('.')[1]}.${flipped}`);
    rejects('invalid_signature', `${good()}A`);
    // Same decoded bytes, non-canonical last character: still refused.
    const last = s!.at(-1)!;
    const alt = String.fromCharCode(last.charCodeAt(0) + 1);
    rejects('invalid_signature', `${h}.${good().split('.')[1]}.${s!.slice(0, -1)}${alt}`);
  });

  it('rejects an unknown key with unknown_api_key and a missing iss with missing_claim', () => {
    rejects('unknown_api_key', buildToken(HS256, claims({ iss: 'APIother' }), SECRET));
    rejects('unknown_api_key', buildToken(HS256, claims({ iss: '__proto__' }), SECRET));
    rejects('missing_claim', buildToken(HS256, claims({ iss: undefined }), SECRET));
    rejects('missing_claim', buildToken(HS256, claims({ iss: 42 }), SECRET));
  });

  it('accepts only HS256', () => {
    const c = b64url(JSON.stringify(claims()));
    rejects('unsupported_algorithm', `${b64url('{"alg":"none","typ":"JWT"}')}.${c}.`);
    rejects('unsupported_algorithm', `${b64url('{"alg":"none","typ":"JWT"}')}.${c}.AAAA`);
    rejects('unsupported_algorithm', buildToken({ alg: 'HS512', typ: 'JWT' }, claims(), SECRET, 'sha512'));
    rejects('unsupported_algorithm', buildToken({ alg: 'hs256', typ: 'JWT' }, claims(), SECRET));
    rejects('unsupported_algorithm', buildToken({ typ: 'JWT' }, claims(), SECRET));
    // An RS256 token signed with a real RSA key: refused before any key is consulted.
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const input = `${b64url('{"alg":"RS256","typ":"JWT"}')}.${c}`;
    const rs = createSign('RSA-SHA256').update(input).sign(privateKey, 'base64url');
    rejects('unsupported_algorithm', `${input}.${rs}`);
  });

  it('rejects malformed tokens with malformed_token', () => {
    const [h, p, s] = good().split('.');
    rejects('malformed_token', `${h}.${p}`);
    rejects('malformed_token', `${h}.${p}.${s}.${s}`);
    rejects('malformed_token', 'garbage');
    rejects('malformed_token', 'a.b.c');
    rejects('malformed_token', `${h}.${p}.${s}=`);
    rejects('malformed_token', `${h}.${b64url('[1,2]')}.${s}`);
    rejects('malformed_token', `${b64url('not json')}.${p}.${s}`);
    rejects('malformed_token', `${h}.${p}.${'A'.repeat(9000)}`);
    rejects('malformed_token', 123 as unknown as string);
  });

  it('requires exp and rejects expired tokens with token_expired', () => {
    rejects('missing_claim', buildToken(HS256, claims({ exp: undefined }), SECRET));
    rejects('missing_claim', buildToken(HS256, claims({ exp: '9999999999' }), SECRET));
    rejects('token_expired', buildToken(HS256, claims({ exp: T - 61 }), SECRET));
    // Within the default 60 s leeway, and at the exact edge, it still passes.
    assert.equal(
      verifyLiveKitWebhook(body, buildToken(HS256, claims({ exp: T - 60 }), SECRET), keys, { now }).iss,
      KEY,
    );
    rejects('token_expired', buildToken(HS256, claims({ exp: T - 11 }), SECRET), {
      clockToleranceSeconds: 10,
    });
  });

  it('rejects nbf in the future beyond the tolerance with token_not_yet_valid', () => {
    rejects('token_not_yet_valid', buildToken(HS256, claims({ nbf: T + 61 }), SECRET));
    rejects('token_not_yet_valid', buildToken(HS256, claims({ nbf: T + 5 }), SECRET), {
      clockToleranceSeconds: 0,
    });
    assert.equal(
      verifyLiveKitWebhook(body, buildToken(HS256, claims({ nbf: T + 59 }), SECRET), keys, { now }).iss,
      KEY,
    );
    rejects('missing_claim', buildToken(HS256, claims({ nbf: 'soon' }), SECRET));
  });

  it('requires the sha256 claim', () => {
    rejects('missing_claim', buildToken(HS256, claims({ sha256: undefined }), SECRET));
    rejects('missing_claim', buildToken(HS256, claims({ sha256: '' }), SECRET));
    rejects('body_hash_mismatch', buildToken(HS256, claims({ sha256: digestOf('other') }), SECRET));
    rejects('body_hash_mismatch', buildToken(HS256, claims({ sha256: 'short' }), SECRET));
  });

  it('accepts an unpadded sha256 claim (the digest bytes are what count)', () => {
    const token = buildToken(HS256, claims({ sha256: digestOf(body).replace(/=+$/, '') }), SECRET);
    assert.equal(verifyLiveKitWebhook(body, token, keys, { now }).iss, KEY);
  });

  it('wraps every configuration error in invalid_key', () => {
    rejects('invalid_key', good(), { clockToleranceSeconds: -1 });
    rejects('invalid_key', good(), { now: () => Number.NaN });
    const throwing = {
      getSecret(): string {
        throw new Error('boom');
      },
    };
    assert.throws(
      () => verifyLiveKitWebhook(body, good(), throwing, { now }),
      (e: unknown) => isWebhookError(e, 'invalid_key'),
    );
  });

  it('refuses a parsed body with body_already_parsed', () => {
    rejects('body_already_parsed', good(), {}, JSON.parse(body) as string);
    rejects('malformed_body', good(), {}, null as unknown as string);
    rejects('malformed_body', good(), {}, 42 as unknown as string);
  });
});
