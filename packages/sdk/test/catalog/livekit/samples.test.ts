import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  missingPayloadField,
  sampleId,
  sampleWebhookEvent,
  WEBHOOK_EVENT_NAMES,
} from '../../../src/catalog/livekit/index.js';
import { isWebhookError } from '../../../src/errors.js';

const ID = /^[A-Z]{2}_[23456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz]{12}$/;

for (const name of WEBHOOK_EVENT_NAMES) {
  test(`${name}: sample is complete, LiveKit-shaped and deterministic`, () => {
    const event = sampleWebhookEvent(name);
    assert.equal(event.event, name);
    assert.equal(missingPayloadField(name, event), undefined);
    assert.match(event.id ?? '', ID);
    assert.ok(event.id?.startsWith('EV_'));
    assert.equal(event.createdAt, '1739900000');
    assert.deepEqual(sampleWebhookEvent(name), event);
    assert.notDeepEqual(sampleWebhookEvent(name, { seed: '2' }).id, event.id);
  });
}

test('overrides flow into every derived field', () => {
  const event = sampleWebhookEvent('participant_joined', {
    room: 'standup',
    identity: 'bob',
    id: 'EV_fixed',
    createdAt: '1800000000',
  });
  assert.equal(event.room.name, 'standup');
  assert.equal(event.participant.identity, 'bob');
  assert.equal(event.participant.name, 'Bob');
  assert.equal(event.id, 'EV_fixed');
  assert.equal(event.createdAt, '1800000000');
  assert.equal(event.participant.joinedAt, '1799999999');
  // One room keeps one sid across its events, as on a real server.
  assert.equal(sampleWebhookEvent('room_started', { room: 'standup' }).room.sid, event.room.sid);
});

test('zero enum values are left out, as LiveKit never sends them', () => {
  assert.equal(sampleWebhookEvent('track_published').track.type, undefined); // AUDIO
  assert.equal(sampleWebhookEvent('egress_started').egressInfo.status, undefined); // EGRESS_STARTING
  assert.equal(sampleWebhookEvent('ingress_ended').ingressInfo.state?.status, undefined); // ENDPOINT_INACTIVE
});

test('egress times are nanoseconds', () => {
  const info = sampleWebhookEvent('egress_ended').egressInfo;
  assert.equal(info.endedAt, '1739900000000000000');
  assert.equal(BigInt(info.fileResults?.[0]?.duration ?? '0'), 659_000_000_000n);
});

test('sampleId is stable and base57', () => {
  assert.equal(sampleId('RM_', 'x'), sampleId('RM_', 'x'));
  assert.match(sampleId('RM_', 'x'), ID);
});

test('a createdAt that is not Unix seconds is refused', () => {
  assert.throws(
    () => sampleWebhookEvent('room_started', { createdAt: 'yesterday' }),
    (err) => isWebhookError(err, 'invalid_event'),
  );
});
