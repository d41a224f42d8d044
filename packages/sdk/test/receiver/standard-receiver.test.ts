import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Webhook } from 'standardwebhooks';
import { signStandardWebhook } from '../../src/auth/index.js';
import { isWebhookError, type WebhookErrorCode } from '../../src/errors.js';
import { StandardWebhookReceiver } from '../../src/receiver/index.js';

const NOW_S = 1_739_900_000;
const now = () => NOW_S * 1000;
const SECRET = `whsec_${Buffer.alloc(32, 3).toString('base64')}`;
const NEXT = `whsec_${Buffer.alloc(32, 4).toString('base64')}`;
const payload = { type: 'room.started', timestamp: '2025-02-18T17:33:20.000Z', data: { room: 'demo', n: 1 } };
const body = JSON.stringify(payload);

async function rejectsWith(code: WebhookErrorCode, promise: Promise<unknown>): Promise<void> {
  await assert.rejects(promise, (err: unknown) => {
    assert.ok(isWebhookError(err), `expected WebhookError, got ${String(err)}`);
    assert.equal(err.code, code, err.message);
    return true;
  });
}

describe('StandardWebhookReceiver', () => {
  const receiver = new StandardWebhookReceiver(SECRET, { now });

  it('returns id, timestamp, type, data and the whole payload', async () => {
    const headers = signStandardWebhook({ id: 'msg_1', timestamp: NOW_S, body, secrets: [SECRET] });
    assert.deepEqual(await receiver.receive(body, headers), {
      id: 'msg_1',
      timestamp: NOW_S,
      type: 'room.started',
      data: payload.data,
      payload,
    });
    assert.equal(
      (await receiver.verify({ body: Buffer.from(body), headers: new Headers(headers) })).id,
      'msg_1',
    );
  });

  it('accepts what the standardwebhooks library signs', async () => {
    const signature = new Webhook(SECRET).sign('msg_lib', new Date(NOW_S * 1000), body);
    const headers = {
      'webhook-id': 'msg_lib',
      'webhook-timestamp': String(NOW_S),
      'webhook-signature': signature,
    };
    assert.equal((await receiver.receive(body, headers)).type, 'room.started');
  });

  it('rotation: accepts either secret when given both', async () => {
    const both = new StandardWebhookReceiver([SECRET, NEXT], { now });
    for (const secret of [SECRET, NEXT]) {
      const headers = signStandardWebhook({ id: 'msg_r', timestamp: NOW_S, body, secrets: [secret] });
      assert.equal((await both.receive(body, headers)).id, 'msg_r');
    }
    const onlyNext = signStandardWebhook({ id: 'msg_n', timestamp: NOW_S, body, secrets: [NEXT] });
    await rejectsWith('invalid_signature', receiver.receive(body, onlyNext));
  });

  it('validates the payload shape after the signature', async () => {
    const cases: [string, WebhookErrorCode][] = [
      ['not json', 'malformed_body'],
      ['[1]', 'malformed_body'],
      ['{"data":{}}', 'invalid_event'],
      ['{"type":"","data":{}}', 'invalid_event'],
      ['{"type":"x"}', 'invalid_event'],
      ['{"type":"x","timestamp":5,"data":{}}', 'invalid_event'],
    ];
    for (const [text, code] of cases) {
      const headers = signStandardWebhook({ id: 'msg_p', timestamp: NOW_S, body: text, secrets: [SECRET] });
      await rejectsWith(code, receiver.receive(text, headers));
    }
  });

  it('refuses oversized, stale, unsigned and tampered requests with their codes', async () => {
    const headers = signStandardWebhook({ id: 'msg_1', timestamp: NOW_S, body, secrets: [SECRET] });
    await rejectsWith(
      'body_too_large',
      new StandardWebhookReceiver(SECRET, { maxBodyBytes: 10 }).receive(body, headers),
    );
    await rejectsWith('invalid_signature', receiver.receive(body.replace('demo', 'dem0'), headers));
    await rejectsWith('missing_authorization', receiver.receive(body, {}));
    const late = new StandardWebhookReceiver(SECRET, { now: () => (NOW_S + 301) * 1000 });
    await rejectsWith('token_expired', late.receive(body, headers));
    const early = new StandardWebhookReceiver(SECRET, {
      now: () => (NOW_S - 301) * 1000,
      toleranceSeconds: 300,
    });
    await rejectsWith('token_not_yet_valid', early.receive(body, headers));
  });

  it('bad secrets fail at construction with invalid_key', () => {
    for (const secrets of ['', 'whsec_***', [], [SECRET, 'whsec_AAAA']]) {
      assert.throws(
        () => new StandardWebhookReceiver(secrets),
        (e: unknown) => isWebhookError(e, 'invalid_key'),
      );
    }
  });
});
