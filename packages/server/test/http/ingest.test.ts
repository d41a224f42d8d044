import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { describe, it } from 'node:test';
import {
  encodeWebhookEvent,
  sampleVideoSdkWebhook,
  sampleWebhookEvent,
  sha256Base64,
  signVideoSdkWebhook,
  VideoSdkWebhookReceiver,
} from '@roomhooks/sdk';
import { AccessToken, WebhookReceiver as LiveKitReceiver } from 'livekit-server-sdk';
import { acceptedIds, settled, sleep, startSink, waitFor } from '../helpers/engine.js';
import { API_KEY, API_SECRET, startApi, type TestApi } from './helpers.js';

// The LiveKit server signs with its own key; roomhooks knows it too (any configured key verifies).
const LK_KEY = 'APIlivekitServer';
const LK_SECRET = 'livekit-server-secret-0123456789abcdef';
const KEYS = { [API_KEY]: API_SECRET, [LK_KEY]: LK_SECRET };

/** A body as LiveKit's Go server writes it (protojson with `, ` after commas) and its Authorization token. */
async function livekitWebhook(
  id: string,
  secret = LK_SECRET,
): Promise<{ body: string; authorization: string }> {
  const event = sampleWebhookEvent('participant_joined', { room: 'relay-room', identity: 'alice', id });
  const body = encodeWebhookEvent(event).replace(/,"/g, ', "');
  const token = new AccessToken(LK_KEY, secret, { ttl: '5m' });
  token.sha256 = sha256Base64(body);
  return { body, authorization: await token.toJwt() };
}

function relay(api: TestApi, body: string, authorization: string) {
  return api.app.inject({
    method: 'POST',
    url: '/ingest/livekit',
    headers: { authorization, 'content-type': 'application/webhook+json' },
    payload: body,
  });
}

describe('POST /ingest/livekit (relay of LiveKit webhooks)', () => {
  it('verifies, stores with LiveKit’s id, dedupes retries, and delivers what livekit-server-sdk accepts', async (t) => {
    const sink = await startSink(t);
    const api = await startApi(t, {
      keys: KEYS,
      endpoints: [{ id: 'app', url: sink.url(), apiKey: API_KEY }],
    });
    const { body, authorization } = await livekitWebhook('EV_relayTest001');

    const first = await relay(api, body, authorization);
    assert.equal(first.statusCode, 200, first.body);
    assert.deepEqual(api.json(first), { ids: ['EV_relayTest001'], duplicates: [] });
    // LiveKit retries resend identical bytes and token: acknowledged, not delivered twice.
    const retry = await relay(api, body, authorization);
    assert.deepEqual(api.json(retry), { ids: ['EV_relayTest001'], duplicates: ['EV_relayTest001'] });

    await waitFor('relayed to the sink', () => acceptedIds(sink).has('EV_relayTest001'));
    await settled(api.notifier);
    await sleep(100);
    assert.equal(sink.requests.length, 1);
    const received = sink.requests[0]!;
    const event = await new LiveKitReceiver(API_KEY, API_SECRET).receive(
      received.body,
      received.headers.authorization,
    );
    assert.equal(event.id, 'EV_relayTest001');
    assert.equal(event.event, 'participant_joined');
    assert.equal(event.participant?.identity, 'alice');
  });

  it('answers 401 with the WebhookError code and stores nothing for a bad signature', async (t) => {
    const api = await startApi(t, { keys: KEYS });
    const good = await livekitWebhook('EV_relayTest002');
    const cases: [string, string, string | undefined, string][] = [
      [
        'wrong secret',
        good.body,
        (await livekitWebhook('EV_relayTest002', 'some-other-secret')).authorization,
        'invalid_signature',
      ],
      ['tampered body', good.body.replace('alice', 'mallory'), good.authorization, 'body_hash_mismatch'],
      ['no token', good.body, undefined, 'missing_authorization'],
    ];
    for (const [what, body, authorization, code] of cases) {
      const response = await api.app.inject({
        method: 'POST',
        url: '/ingest/livekit',
        headers: { 'content-type': 'application/webhook+json', ...(authorization ? { authorization } : {}) },
        payload: body,
      });
      assert.equal(response.statusCode, 401, what);
      assert.equal(api.json<{ error: { code: string } }>(response).error.code, code, what);
    }
    assert.equal((await api.notifier.store.stats()).events, 0);
  });
});

describe('POST /ingest/videosdk', () => {
  const pair = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  const send = (api: TestApi, body: string, signature = signVideoSdkWebhook(body, pair.privateKey)) =>
    api.app.inject({
      method: 'POST',
      url: '/ingest/videosdk',
      headers: { 'content-type': 'application/json', 'videosdk-signature': signature },
      payload: body,
    });

  it('maps session and participant webhooks onto LiveKit events; a videosdk endpoint gets the same data back', async (t) => {
    const sink = await startSink(t);
    const api = await startApi(t, {
      videosdkPublicKey: pair.publicKey,
      endpoints: [
        { id: 'lk', url: sink.url('/livekit') },
        { id: 'vs', url: sink.url('/videosdk'), format: 'videosdk' },
      ],
    });
    const session = sampleVideoSdkWebhook('session-started');
    const joined = sampleVideoSdkWebhook('participant-joined');
    const webhooks = [session, joined];
    for (const webhook of webhooks) {
      const response = await send(api, JSON.stringify(webhook));
      assert.equal(response.statusCode, 200, response.body);
      assert.match(api.json<{ ids: string[] }>(response).ids[0]!, /^EV_/);
    }
    await waitFor('both formats delivered', () => sink.accepted.length === 4);
    const livekit = sink.accepted
      .filter((r) => r.path === '/livekit')
      .map(
        (r) =>
          JSON.parse(r.body) as {
            event: string;
            room: { name: string; sid: string };
            participant?: { identity: string };
          },
      );
    assert.deepEqual(
      livekit.map((e) => [e.event, e.room.name, e.room.sid, e.participant?.identity]),
      [
        ['room_started', session.data.meetingId, session.data.sessionId, undefined],
        ['participant_joined', joined.data.meetingId, joined.data.sessionId, joined.data.participantId],
      ],
    );
    const receiver = new VideoSdkWebhookReceiver(await api.notifier.videosdkPublicKey());
    const back = await Promise.all(
      sink.accepted
        .filter((r) => r.path === '/videosdk')
        .map((r) => receiver.receive(r.body, r.headers['videosdk-signature'] as string)),
    );
    // LiveKit's room.creationTime is in whole seconds, and the forward translation reads it first.
    const startToSecond = session.data.start.replace(/\.\d{3}/, '.000');
    assert.deepEqual(back, [{ ...session, data: { ...session.data, start: startToSecond } }, joined]);
  });

  it('refuses bad signatures (401), types without an exact mapping (501), and a missing key (501); stores nothing', async (t) => {
    const api = await startApi(t, { videosdkPublicKey: pair.publicKey });
    const session = JSON.stringify(sampleVideoSdkWebhook('session-started'));
    const unsigned = await send(api, session, 'bm9wZQ==');
    assert.equal(unsigned.statusCode, 401);
    const recording = await send(api, JSON.stringify(sampleVideoSdkWebhook('recording-started')));
    assert.equal(recording.statusCode, 501, recording.body);
    assert.equal(api.json<{ error: { code: string } }>(recording).error.code, 'not_supported');
    assert.match(api.json<{ error: { message: string } }>(recording).error.message, /"recording-started"/);
    assert.equal((await api.notifier.store.stats()).events, 0);

    const unconfigured = await startApi(t);
    const response = await send(unconfigured, session);
    assert.equal(response.statusCode, 501);
    assert.equal(unconfigured.json<{ error: { code: string } }>(response).error.code, 'not_configured');
  });
});
