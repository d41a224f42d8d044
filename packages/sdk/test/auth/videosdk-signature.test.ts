import assert from 'node:assert/strict';
import { createSign, createVerify, generateKeyPairSync } from 'node:crypto';
import { describe, it } from 'node:test';
import { signVideoSdkWebhook, verifyVideoSdkSignature } from '../../src/auth/index.js';
import { isWebhookError } from '../../src/errors.js';

const { publicKey, privateKey } = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  publicKeyEncoding: { type: 'spki', format: 'pem' },
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
});
const other = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  publicKeyEncoding: { type: 'spki', format: 'pem' },
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
});
const body = '{"webhookType":"session-started","data":{"meetingId":"jvsg-8rjn-j304","sessionId":"s1"}}';

function fails(code: string, fn: () => unknown): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(isWebhookError(err), `expected WebhookError, got ${String(err)}`);
    assert.equal(err.code, code, err.message);
    return true;
  });
}

describe('VideoSDK RSA-SHA256 signature', () => {
  it('node:crypto verifies what we sign', () => {
    const signature = signVideoSdkWebhook(body, privateKey);
    assert.ok(createVerify('RSA-SHA256').update(body).verify(publicKey, signature, 'base64'));
  });

  it('we verify what node:crypto signs, for strings and bytes', () => {
    const signature = createSign('RSA-SHA256').update(body).sign(privateKey, 'base64');
    verifyVideoSdkSignature(body, signature, publicKey);
    verifyVideoSdkSignature(Buffer.from(body), signature, publicKey);
    verifyVideoSdkSignature(body, signVideoSdkWebhook(new TextEncoder().encode(body), privateKey), publicKey);
  });

  it('rejects tampering, the wrong key and garbage signatures', () => {
    const signature = signVideoSdkWebhook(body, privateKey);
    fails('invalid_signature', () => verifyVideoSdkSignature(body.replace('s1', 's2'), signature, publicKey));
    fails('invalid_signature', () => verifyVideoSdkSignature(body, signature, other.publicKey));
    fails('invalid_signature', () => verifyVideoSdkSignature(body, 'AAAA', publicKey));
    fails('malformed_token', () => verifyVideoSdkSignature(body, 'not base64!', publicKey));
    fails('missing_authorization', () => verifyVideoSdkSignature(body, undefined, publicKey));
    fails('missing_authorization', () => verifyVideoSdkSignature(body, '', publicKey));
  });

  it('refuses a non-canonical spelling of a valid signature', () => {
    const signature = signVideoSdkWebhook(body, privateKey); // 256 bytes: ends in "x==", x has 4 unused bits
    assert.ok(signature.endsWith('=='));
    const last = signature.at(-3)!;
    const alt = String.fromCharCode(last.charCodeAt(0) + 1);
    const variant = `${signature.slice(0, -3)}${alt}==`;
    assert.deepEqual(Buffer.from(variant, 'base64'), Buffer.from(signature, 'base64'));
    fails('malformed_token', () => verifyVideoSdkSignature(body, variant, publicKey));
  });

  it('reports unusable keys as invalid_key', () => {
    const signature = signVideoSdkWebhook(body, privateKey);
    fails('invalid_key', () => verifyVideoSdkSignature(body, signature, 'not a pem'));
    fails('invalid_key', () => verifyVideoSdkSignature(body, signature, ''));
    fails('invalid_key', () => signVideoSdkWebhook(body, 'not a pem'));
    fails('invalid_key', () => signVideoSdkWebhook(body, publicKey));
    const ec = generateKeyPairSync('ec', {
      namedCurve: 'P-256',
      publicKeyEncoding: { type: 'spki', format: 'pem' },
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    });
    fails('invalid_key', () => verifyVideoSdkSignature(body, signature, ec.publicKey));
  });
});
