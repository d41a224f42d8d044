import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  StandardWebhookReceiver,
  VideoSdkWebhookReceiver,
  WebhookReceiver,
  livekitToVideoSdk,
  sampleWebhookEvent,
  type WebhookEventName,
} from '@roomhooks/sdk';
import { WebhookReceiver as LiveKitServerSdkReceiver } from 'livekit-server-sdk';
import { createNotifier } from 'roomhooks';
import {
  API_KEY,
  API_SECRET,
  FAST_RETRY,
  startNotifier,
  settled,
  startSink,
  tempDir,
  waitFor,
} from '../helpers/engine.js';
import type { SinkRequest } from '../helpers/sink.js';

const NAMES: WebhookEventName[] = [
  'room_started',
  'participant_joined',
  'track_published',
  'egress_started',
  'egress_ended',
  'participant_left',
  'room_finished',
];
const EVENTS = NAMES.map((name, n) => sampleWebhookEvent(name, { room: 'formats', seed: String(n) }));

function byId(id: unknown): (typeof EVENTS)[number] {
  const event = EVENTS.find((e) => e.id === id);
  assert.ok(event, `received an event that was published: ${String(id)}`);
  return event;
}

function header(request: SinkRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

describe('wire formats, verified by the receivers', () => {
  it('livekit: verified by our WebhookReceiver and by livekit-server-sdk, byte-identical to the stored body', async (t) => {
    const sink = await startSink(t);
    const notifier = await startNotifier(t, {
      endpoints: [{ id: 'lk', url: sink.url(), retry: FAST_RETRY }],
    });
    await notifier.publish(EVENTS);
    await waitFor('every event received', () => sink.accepted.length === EVENTS.length);

    const ours = new WebhookReceiver(API_KEY, API_SECRET);
    const theirs = new LiveKitServerSdkReceiver(API_KEY, API_SECRET);
    for (const request of sink.requests) {
      const expected = byId(JSON.parse(request.body).id);
      assert.equal(header(request, 'content-type'), 'application/webhook+json');
      const auth = header(request, 'authorization');
      const event = await ours.receive(request.body, auth);
      assert.equal(event.id, expected.id);
      assert.equal(event.event, expected.event);
      const decoded = await theirs.receive(request.body, auth);
      assert.equal(decoded.id, expected.id);
      assert.equal(decoded.event, expected.event);
      assert.equal(decoded.room?.name, 'formats');
      assert.equal(request.body, (await notifier.store.getEvent(expected.id!))!.body);
    }
    await assert.rejects(
      ours.receive(`${sink.requests[0]!.body} `, header(sink.requests[0]!, 'authorization')),
      {
        code: 'body_hash_mismatch',
      },
    );
  });

  it('standard: verified by StandardWebhookReceiver with the endpoint secret; webhook-id is the event id', async (t) => {
    const sink = await startSink(t);
    const notifier = await startNotifier(t, {
      endpoints: [{ id: 'std', url: sink.url(), format: 'standard', retry: FAST_RETRY }],
    });
    const secret = notifier.getEndpoint('std')!.secret;
    assert.match(secret ?? '', /^whsec_/, 'a secret was generated');
    await notifier.publish(EVENTS);
    await waitFor('every event received', () => sink.accepted.length === EVENTS.length);

    const receiver = new StandardWebhookReceiver<{ id: string; event: string }>(secret!);
    for (const request of sink.requests) {
      const expected = byId(header(request, 'webhook-id'));
      const message = await receiver.receive(request.body, request.headers);
      assert.equal(message.id, expected.id);
      assert.equal(message.type, expected.event);
      assert.equal(message.data.id, expected.id);
      assert.equal(message.payload.timestamp, new Date(Number(expected.createdAt) * 1000).toISOString());
    }
    const wrong = new StandardWebhookReceiver('whsec_' + Buffer.alloc(32, 7).toString('base64'));
    await assert.rejects(wrong.receive(sink.requests[0]!.body, sink.requests[0]!.headers), {
      code: 'invalid_signature',
    });
  });

  it('videosdk: verified by VideoSdkWebhookReceiver with the notifier key; track events are not_applicable', async (t) => {
    const sink = await startSink(t);
    const notifier = await startNotifier(t, {
      endpoints: [{ id: 'vs', url: sink.url(), format: 'videosdk', retry: FAST_RETRY }],
    });
    const translatable = EVENTS.filter((e) => livekitToVideoSdk(e) !== undefined);
    assert.ok(translatable.length >= 4 && translatable.length < EVENTS.length);
    await notifier.publish(EVENTS);
    await waitFor('every translatable event received', () => sink.accepted.length === translatable.length);
    await settled(notifier);

    const receiver = new VideoSdkWebhookReceiver(await notifier.videosdkPublicKey(), { strict: true });
    const received = [];
    for (const request of sink.requests) {
      received.push(
        (await receiver.receive(request.body, header(request, 'videosdk-signature'))).webhookType,
      );
    }
    assert.deepEqual(received.sort(), translatable.map((e) => livekitToVideoSdk(e)!.webhookType).sort());
    const notApplicable = await notifier.store.listDeliveries({ endpointId: 'vs', status: 'not_applicable' });
    assert.deepEqual(
      notApplicable.map((d) => d.eventName),
      ['track_published'],
    );
    const delivered = await notifier.store.listDeliveries({ endpointId: 'vs', status: 'delivered' });
    assert.equal(delivered.length, translatable.length);
  });

  it('videosdk: the signing key is stored, so it survives a restart on the same file', async (t) => {
    const path = join(tempDir(t), 'roomhooks.db');
    const options = { store: { sqlite: path }, keys: { [API_KEY]: API_SECRET } };
    const first = await createNotifier(options);
    const key = await first.videosdkPublicKey();
    await first.close();
    const second = await createNotifier(options);
    t.after(() => second.close());
    assert.match(key, /BEGIN PUBLIC KEY/);
    assert.equal(await second.videosdkPublicKey(), key);
    await second.close();
  });
});
