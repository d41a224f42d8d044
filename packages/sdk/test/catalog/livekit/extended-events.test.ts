import assert from 'node:assert/strict';
import { describe, it, test } from 'node:test';
import { WebhookReceiver as LiveKitReceiver } from 'livekit-server-sdk';
import { signLiveKitWebhook } from '../../../src/auth/index.js';
import {
  ALL_WEBHOOK_EVENT_NAMES,
  eventOrderingKey,
  EXTENDED_WEBHOOK_EVENT_NAMES,
  ExtendedWebhookEvents,
  isAnyWebhookEventName,
  isExtendedWebhookEventName,
  isWebhookEventName,
  missingPayloadField,
  REQUIRED_PAYLOAD,
  sampleWebhookEvent,
  WEBHOOK_EVENT_NAMES,
  type WebhookEvent,
} from '../../../src/catalog/livekit/index.js';
import {
  hasVideoSdkEquivalent,
  livekitToVideoSdk,
  livekitToVideoSdkAll,
} from '../../../src/catalog/index.js';
import { decodeWebhookEvent, encodeWebhookEvent, parseWebhookEvent } from '../../../src/codec/index.js';
import { isWebhookError } from '../../../src/errors.js';

const KEY = 'APIextendedKey';
const SECRET = 'extended-secret-with-enough-length-0123456789';

/** The extension fields, in the order the codec writes them (after every LiveKit field). */
const EXTENSION_FIELDS = [
  'speakers',
  'connectionQuality',
  'data',
  'streamState',
  'subscriptionAllowed',
  'previousMetadata',
  'changedAttributes',
];

test('11 extension names, separate from the LiveKit names, all in the combined list', () => {
  assert.equal(EXTENDED_WEBHOOK_EVENT_NAMES.length, 11);
  for (const [constant, value] of Object.entries(ExtendedWebhookEvents)) {
    assert.equal(constant.toLowerCase(), value);
  }
  assert.deepEqual(ALL_WEBHOOK_EVENT_NAMES, [...WEBHOOK_EVENT_NAMES, ...EXTENDED_WEBHOOK_EVENT_NAMES]);
  for (const name of EXTENDED_WEBHOOK_EVENT_NAMES) {
    assert.equal(isWebhookEventName(name), false, `${name} is not a LiveKit name`);
    assert.equal(isExtendedWebhookEventName(name), true);
    assert.equal(isAnyWebhookEventName(name), true);
    assert.ok(REQUIRED_PAYLOAD[name].includes('room'), `${name} carries room`);
  }
  assert.equal(isExtendedWebhookEventName('track_published'), false);
  assert.equal(isAnyWebhookEventName('track_published'), true);
  assert.equal(isAnyWebhookEventName('room_metadata_updated'), false);
});

for (const name of EXTENDED_WEBHOOK_EVENT_NAMES) {
  describe(name, () => {
    const sample = sampleWebhookEvent(name, { room: 'ext-room', identity: 'bob' });

    it('sample is complete and deterministic', () => {
      assert.equal(sample.event, name);
      assert.equal(missingPayloadField(name, sample), undefined);
      assert.deepEqual(sampleWebhookEvent(name, { room: 'ext-room', identity: 'bob' }), sample);
      assert.ok(sample.id?.startsWith('EV_'));
    });

    it('strict decode(encode(sample)) deep-equals the sample, and re-encodes byte for byte', () => {
      const body = encodeWebhookEvent(sample);
      const decoded = parseWebhookEvent(body, { strict: true });
      assert.deepEqual(decoded, sample);
      assert.equal(encodeWebhookEvent(decoded), body);
    });

    it('extension fields come after every LiveKit field', () => {
      const keys = Object.keys(JSON.parse(encodeWebhookEvent(sample)) as object);
      const firstExtension = keys.findIndex((k) => EXTENSION_FIELDS.includes(k));
      if (firstExtension >= 0) {
        for (const k of keys.slice(firstExtension)) assert.ok(EXTENSION_FIELDS.includes(k), k);
      }
    });

    it('is ordered by room name', () => {
      assert.equal(eventOrderingKey(sample), 'ext-room');
    });

    it('has no VideoSDK equivalent', () => {
      assert.equal(hasVideoSdkEquivalent(name), false);
      assert.equal(livekitToVideoSdk(sample), undefined);
      assert.deepEqual(livekitToVideoSdkAll(sample), []);
    });

    it('livekit-server-sdk WebhookReceiver accepts the signed body (unknown fields ignored)', async () => {
      const body = encodeWebhookEvent(sample);
      const token = signLiveKitWebhook({ apiKey: KEY, apiSecret: SECRET, body });
      const decoded = await new LiveKitReceiver(KEY, SECRET).receive(body, token);
      assert.equal(decoded.event, name);
      assert.equal(decoded.id, sample.id);
      assert.equal(decoded.room?.name, 'ext-room');
      if ('participant' in sample && sample.participant !== undefined) {
        assert.equal(decoded.participant?.identity, 'bob');
      }
      if ('track' in sample) assert.equal(decoded.track?.sid, sample.track.sid);
    });
  });
}

test('track_muted: livekit-server-sdk sees a muted track', async () => {
  const body = encodeWebhookEvent(sampleWebhookEvent('track_muted'));
  const token = signLiveKitWebhook({ apiKey: KEY, apiSecret: SECRET, body });
  const decoded = await new LiveKitReceiver(KEY, SECRET).receive(body, token);
  assert.equal(decoded.event, 'track_muted');
  assert.equal(decoded.track?.muted, true);
});

test('classic events encode exactly as before: no extension field, LiveKit order', () => {
  for (const name of WEBHOOK_EVENT_NAMES) {
    const body = encodeWebhookEvent(sampleWebhookEvent(name));
    for (const field of EXTENSION_FIELDS) assert.ok(!body.includes(`"${field}":`), `${name} has ${field}`);
  }
  // A golden body from the wire spec (livekit-wire.md §3), hand-ordered by declaration.
  const golden =
    '{"event":"track_published","room":{"sid":"RM_7A62FjVFwWw5","name":"demo-room"},"participant":{"sid":"PA_eU7nwP2s3FcN","identity":"alice"},"track":{"sid":"TR_AMNTtQxevMRbsr","source":"MICROPHONE","mimeType":"audio/red","mid":"1"},"id":"EV_jT6Y4xyzXsjM","createdAt":"1739900010"}';
  assert.equal(encodeWebhookEvent(parseWebhookEvent(golden, { strict: true })), golden);
});

test('zero values of extension scalars are written (explicit presence)', () => {
  const room = { name: 'r' };
  const participant = { identity: 'a' };
  const track = { sid: 'TR_x' };
  assert.equal(
    encodeWebhookEvent({ event: 'connection_quality_changed', room, participant, connectionQuality: 'POOR' }),
    '{"event":"connection_quality_changed","room":{"name":"r"},"participant":{"identity":"a"},"connectionQuality":"POOR"}',
  );
  assert.match(
    encodeWebhookEvent({
      event: 'track_stream_state_changed',
      room,
      participant,
      track,
      streamState: 'ACTIVE',
    }),
    /"streamState":"ACTIVE"}$/,
  );
  assert.match(
    encodeWebhookEvent({
      event: 'track_subscription_permission_changed',
      room,
      participant,
      track,
      subscriptionAllowed: false,
    }),
    /"subscriptionAllowed":false}$/,
  );
  assert.match(
    encodeWebhookEvent({ event: 'room_metadata_changed', room, previousMetadata: '' }),
    /"previousMetadata":""}$/,
  );
  // Deleted attributes are kept as "" in changedAttributes.
  assert.match(
    encodeWebhookEvent({
      event: 'participant_attributes_changed',
      room,
      participant,
      changedAttributes: { b: '', a: '1' },
    }),
    /"changedAttributes":\{"a":"1","b":""\}}$/,
  );
});

test('strict decoding requires the extension field that says what changed', () => {
  const base = { room: { name: 'r' }, participant: { identity: 'a' } };
  assert.throws(
    () => decodeWebhookEvent({ event: 'connection_quality_changed', ...base }, { strict: true }),
    (err) => isWebhookError(err, 'invalid_event') && err.message.startsWith('connectionQuality:'),
  );
  assert.throws(
    () => decodeWebhookEvent({ event: 'data_received', room: { name: 'r' } }, { strict: true }),
    (err) => isWebhookError(err, 'invalid_event') && err.message.startsWith('data:'),
  );
  assert.throws(
    () =>
      decodeWebhookEvent(
        { event: 'connection_quality_changed', ...base, connectionQuality: 'SUPERB' },
        { strict: true },
      ),
    (err) => isWebhookError(err, 'invalid_event'),
  );
  // Snake-case names and enum numbers are read as protojson reads them.
  const event = decodeWebhookEvent(
    { event: 'connection_quality_changed', ...base, connection_quality: 2 },
    { strict: true },
  );
  assert.equal(event.event === 'connection_quality_changed' && event.connectionQuality, 'EXCELLENT');
  // Nobody speaking: active_speakers_changed with no speakers is valid.
  assert.equal(
    decodeWebhookEvent({ event: 'active_speakers_changed', room: { name: 'r' } }, { strict: true }).event,
    'active_speakers_changed',
  );
});

test('data payload is protobuf bytes: URL-safe or unpadded base64 is normalised, garbage refused', () => {
  const event = decodeWebhookEvent({
    event: 'data_received',
    room: { name: 'r' },
    data: { payload: '-_8', topic: 't', kind: 'LOSSY' },
  });
  assert.deepEqual(event.data, { payload: '+/8=', topic: 't', kind: 'LOSSY' });
  assert.throws(
    () => decodeWebhookEvent({ event: 'data_received', room: { name: 'r' }, data: { payload: 'a*b' } }),
    (err) => isWebhookError(err, 'malformed_body') && err.message.startsWith('data.payload:'),
  );
  assert.throws(
    () => decodeWebhookEvent({ event: 'data_received', room: { name: 'r' }, data: { payload: 'abcde' } }),
    (err) => isWebhookError(err, 'malformed_body'),
  );
  assert.throws(
    () => encodeWebhookEvent({ event: 'data_received', room: { name: 'r' }, data: { payload: 'a b' } }),
    (err) => isWebhookError(err, 'invalid_event'),
  );
});

test('switch (event.event) narrows to extension events', () => {
  const describeEvent = (event: WebhookEvent): string => {
    switch (event.event) {
      case 'connection_quality_changed':
        return `${event.participant.identity}:${String(event.connectionQuality)}`;
      case 'track_subscription_permission_changed':
        return `${event.track.sid ?? ''}:${String(event.subscriptionAllowed)}`;
      case 'data_received':
        return event.data.topic ?? '';
      default:
        return event.event;
    }
  };
  assert.equal(describeEvent(sampleWebhookEvent('connection_quality_changed')), 'alice:GOOD');
  assert.equal(describeEvent(sampleWebhookEvent('data_received')), 'chat');
  assert.equal(describeEvent(sampleWebhookEvent('room_started')), 'room_started');
});
