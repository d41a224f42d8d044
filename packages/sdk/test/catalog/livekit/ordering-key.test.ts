import assert from 'node:assert/strict';
import { test } from 'node:test';
import { eventOrderingKey, sampleWebhookEvent } from '../../../src/catalog/livekit/index.js';

test('egress id wins over everything, then ingress id, room name, identity, track sid, default', () => {
  const full = {
    egressInfo: { egressId: 'EG_1' },
    ingressInfo: { ingressId: 'IN_1' },
    room: { name: 'r' },
    participant: { identity: 'p' },
    track: { sid: 'TR_1' },
  };
  assert.equal(eventOrderingKey(full), 'EG_1');
  assert.equal(eventOrderingKey({ ...full, egressInfo: {} }), 'IN_1');
  assert.equal(eventOrderingKey({ ...full, egressInfo: { egressId: '' }, ingressInfo: {} }), 'r');
  assert.equal(
    eventOrderingKey({ participant: { identity: 'p' }, track: { sid: 'TR_1' }, room: { sid: 'RM_1' } }),
    'p',
  );
  assert.equal(eventOrderingKey({ track: { sid: 'TR_1' } }), 'TR_1');
  assert.equal(eventOrderingKey({ event: 'agent_job_started', job: { id: 'AJ_1' } }), 'default');
});

test('room, participant and track events are ordered per room; egress and ingress per their own id', () => {
  assert.equal(eventOrderingKey(sampleWebhookEvent('participant_joined', { room: 'a' })), 'a');
  assert.equal(eventOrderingKey(sampleWebhookEvent('track_published', { room: 'a' })), 'a');
  const egress = sampleWebhookEvent('egress_ended', { room: 'a' });
  assert.equal(eventOrderingKey(egress), egress.egressInfo.egressId);
  const ingress = sampleWebhookEvent('ingress_started', { room: 'a' });
  assert.equal(eventOrderingKey(ingress), ingress.ingressInfo.ingressId);
});
