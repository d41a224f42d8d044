import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dedupeKey } from '../../src/dedupe/index.js';

describe('dedupeKey', () => {
  it('uses the LiveKit event id', () => {
    assert.equal(dedupeKey({ event: 'room_started', id: 'EV_wNaSGtBdpsMJ' }, {}), 'EV_wNaSGtBdpsMJ');
  });

  it('prefers the Standard Webhooks webhook-id header, from any header shape', () => {
    assert.equal(dedupeKey({ id: 'EV_x' }, { 'Webhook-Id': 'msg_1' }), 'msg_1');
    assert.equal(dedupeKey({}, new Headers({ 'webhook-id': 'msg_2' })), 'msg_2');
  });

  it('gives undefined when there is no id (VideoSDK payloads), so nothing is deduplicated', () => {
    assert.equal(dedupeKey({ webhookType: 'session-started', data: {} }, {}), undefined);
    assert.equal(dedupeKey({ id: '' }, {}), undefined);
    assert.equal(dedupeKey(null, {}), undefined);
  });
});
