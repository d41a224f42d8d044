import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AccessToken, WebhookReceiver as LiveKitReceiver } from 'livekit-server-sdk';
import { sha256Base64, signLiveKitWebhook } from '../../src/auth/index.js';
import {
  sampleWebhookEvent,
  WEBHOOK_EVENT_NAMES,
  type LooseWebhookEvent,
  type WebhookEvent,
} from '../../src/catalog/livekit/index.js';
import { encodeWebhookEvent, parseWebhookEvent } from '../../src/codec/index.js';
import { WebhookReceiver, type WebhookVerifier } from '../../src/receiver/index.js';

const KEY = 'APIinteropKey';
const SECRET = 'interop-secret-with-enough-length-0123456789';

async function liveKitToken(body: string, apiKey = KEY, apiSecret = SECRET): Promise<string> {
  const at = new AccessToken(apiKey, apiSecret, { ttl: '5m' });
  at.sha256 = sha256Base64(body);
  return at.toJwt();
}

/** Drops the fields @livekit/protocol does not know (it discards them, as protojson's DiscardUnknown). */
function withoutUnknown(
  json: Record<string, unknown>,
  known: Record<string, unknown>,
): Record<string, unknown> {
  return Object.fromEntries(Object.entries(json).filter(([k]) => k in known));
}

describe('livekit-server-sdk interop', () => {
  const ours = new WebhookReceiver(KEY, SECRET);
  const theirs = new LiveKitReceiver(KEY, SECRET);

  for (const name of WEBHOOK_EVENT_NAMES) {
    it(`${name}: a livekit-server-sdk token is accepted and the event decoded`, async () => {
      const body = encodeWebhookEvent(sampleWebhookEvent(name));
      const event = await ours.receive(body, await liveKitToken(body));
      assert.equal(event.event, name);
      assert.deepEqual(event, parseWebhookEvent(body));
    });

    it(`${name}: livekit-server-sdk accepts our token and decodes the same event`, async () => {
      const body = encodeWebhookEvent(sampleWebhookEvent(name));
      const token = signLiveKitWebhook({ apiKey: KEY, apiSecret: SECRET, body });
      const decoded = await theirs.receive(body, token);
      const mine = await ours.receive(body, token);
      const json = decoded.toJson() as Record<string, unknown>;
      assert.equal(json['event'], name);
      assert.equal(decoded.id, mine.id);
      assert.equal(decoded.room?.name, mine.room?.name);
      // Every field @livekit/protocol knows survives its round trip unchanged: same JSON, field for field.
      const sent = JSON.parse(body) as Record<string, unknown>;
      assert.deepEqual(json, withoutUnknown(sent, json));
      assert.ok(
        Object.keys(json).length >= Object.keys(sent).length - 1,
        'at most one unknown top-level field',
      );
    });
  }

  it('accepts a Go-shaped body (", " spacing, unknown fields) signed by either side', async () => {
    const body =
      '{"event":"room_started", "room":{"sid":"RM_7A62FjVFwWw5", "name":"demo-room", "emptyTimeout":300, ' +
      '"futureRoomField":{"x":[1,2]}}, "id":"EV_wNaSGtBdpsMJ", "createdAt":"1739900000", "brandNewField":true}';
    const event = await ours.receive(body, await liveKitToken(body));
    assert.equal(event.event, 'room_started');
    assert.equal(event.room?.name, 'demo-room');
    assert.equal(event.id, 'EV_wNaSGtBdpsMJ');
    const ourToken = signLiveKitWebhook({ apiKey: KEY, apiSecret: SECRET, body });
    assert.equal((await theirs.receive(body, ourToken)).room?.sid, 'RM_7A62FjVFwWw5');
    assert.equal((await ours.receive(Buffer.from(body), ourToken)).id, 'EV_wNaSGtBdpsMJ');
  });

  it('matches livekit-server-sdk positional arguments: skipAuth and a string clockTolerance', async () => {
    const body = encodeWebhookEvent(sampleWebhookEvent('room_finished'));
    assert.equal((await ours.receive(body, undefined, true)).event, 'room_finished');
    assert.equal((await theirs.receive(body, undefined, true)).event, 'room_finished');
    const token = await liveKitToken(body);
    assert.equal((await ours.receive(body, token, false, '10s')).event, 'room_finished');
    assert.equal((await ours.receive(body, token, false, 10)).event, 'room_finished');
  });

  it('accepts a Bearer prefix, which livekit-server-sdk does not', async () => {
    const body = encodeWebhookEvent(sampleWebhookEvent('participant_joined'));
    const token = await liveKitToken(body);
    assert.equal((await ours.receive(body, `Bearer ${token}`)).event, 'participant_joined');
    await assert.rejects(theirs.receive(body, `Bearer ${token}`));
  });

  it('verify() reads the Authorization header from any header source', async () => {
    const body = encodeWebhookEvent(sampleWebhookEvent('track_published'));
    const token = signLiveKitWebhook({ apiKey: KEY, apiSecret: SECRET, body });
    for (const headers of [
      { authorization: token },
      { Authorization: token },
      { authorization: [token] },
      new Headers({ Authorization: token }),
    ]) {
      assert.equal((await ours.verify({ body, headers })).event, 'track_published');
    }
  });

  it('types: strict receivers yield WebhookEvent, lenient ones LooseWebhookEvent', async () => {
    const strict: WebhookVerifier<WebhookEvent> = new WebhookReceiver({
      keys: { [KEY]: SECRET },
      strict: true,
    });
    const lenient: WebhookVerifier<LooseWebhookEvent> = new WebhookReceiver(KEY, SECRET);
    const body = encodeWebhookEvent(sampleWebhookEvent('participant_joined'));
    const headers = { authorization: signLiveKitWebhook({ apiKey: KEY, apiSecret: SECRET, body }) };
    const event = await strict.verify({ body, headers });
    // The union narrows on `event`: `participant` is required on participant_joined.
    if (event.event === 'participant_joined') assert.equal(event.participant.identity, 'alice');
    else assert.fail(`unexpected ${event.event}`);
    assert.equal((await lenient.verify({ body, headers })).event, 'participant_joined');
  });
});
