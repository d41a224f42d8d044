import assert from 'node:assert/strict';
import { createSign, generateKeyPairSync } from 'node:crypto';
import { describe, it } from 'node:test';
import { signVideoSdkWebhook } from '../../src/auth/index.js';
import { sampleVideoSdkWebhook, VIDEOSDK_WEBHOOK_TYPES } from '../../src/catalog/videosdk/index.js';
import { isWebhookError, type WebhookErrorCode } from '../../src/errors.js';
import { VideoSdkWebhookReceiver } from '../../src/receiver/index.js';

const { publicKey, privateKey } = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  publicKeyEncoding: { type: 'spki', format: 'pem' },
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
});

async function rejectsWith(code: WebhookErrorCode, promise: Promise<unknown>): Promise<void> {
  await assert.rejects(promise, (err: unknown) => {
    assert.ok(isWebhookError(err), `expected WebhookError, got ${String(err)}`);
    assert.equal(err.code, code, err.message);
    return true;
  });
}

describe('VideoSdkWebhookReceiver', () => {
  const receiver = new VideoSdkWebhookReceiver(publicKey);

  it('verifies and decodes every VideoSDK webhook type signed with node:crypto directly', async () => {
    for (const type of VIDEOSDK_WEBHOOK_TYPES) {
      const webhook = sampleVideoSdkWebhook(type);
      const body = JSON.stringify(webhook);
      const signature = createSign('RSA-SHA256').update(body).sign(privateKey, 'base64');
      assert.deepEqual(await receiver.receive(body, signature), webhook, type);
    }
  });

  it('verify() reads the videosdk-signature header', async () => {
    const body = JSON.stringify(sampleVideoSdkWebhook('session-started'));
    const signature = signVideoSdkWebhook(body, privateKey);
    const decoded = await receiver.verify({
      body: Buffer.from(body),
      headers: { 'VideoSDK-Signature': signature },
    });
    assert.equal(decoded.webhookType, 'session-started');
    await rejectsWith('missing_authorization', receiver.verify({ body, headers: {} }));
  });

  it('refuses tampered, oversized, non-JSON and unknown-in-strict bodies with their codes', async () => {
    const body = JSON.stringify(sampleVideoSdkWebhook('participant-joined'));
    const signature = signVideoSdkWebhook(body, privateKey);
    await rejectsWith('invalid_signature', receiver.receive(body.replace('}', ' }'), signature));
    await rejectsWith(
      'body_too_large',
      new VideoSdkWebhookReceiver(publicKey, { maxBodyBytes: 16 }).receive(body, signature),
    );
    await rejectsWith('malformed_body', receiver.receive('nope', signVideoSdkWebhook('nope', privateKey)));
    const unknown = '{"webhookType":"meeting-teleported","data":{}}';
    const unknownSignature = signVideoSdkWebhook(unknown, privateKey);
    assert.equal((await receiver.receive(unknown, unknownSignature)).webhookType, 'meeting-teleported');
    const strict = new VideoSdkWebhookReceiver(publicKey, { strict: true });
    await rejectsWith('invalid_event', strict.receive(unknown, unknownSignature));
  });

  it('a bad PEM fails at construction with invalid_key', () => {
    assert.throws(
      () => new VideoSdkWebhookReceiver('-----BEGIN PUBLIC KEY-----\nxx\n-----END PUBLIC KEY-----'),
      (e: unknown) => isWebhookError(e, 'invalid_key'),
    );
  });
});
