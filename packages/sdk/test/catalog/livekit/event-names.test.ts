import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  isWebhookEventName,
  WEBHOOK_EVENT_NAMES,
  WebhookEvents,
} from '../../../src/catalog/livekit/index.js';

test('12 classic names plus the 2 agent job names, constants mapping to snake_case values', () => {
  assert.equal(WEBHOOK_EVENT_NAMES.length, 14);
  for (const [constant, value] of Object.entries(WebhookEvents)) assert.equal(constant.toLowerCase(), value);
  assert.ok(WEBHOOK_EVENT_NAMES.includes('participant_connection_aborted'));
  assert.ok(WEBHOOK_EVENT_NAMES.includes('agent_job_ended'));
});

test('isWebhookEventName knows exactly those names', () => {
  assert.equal(isWebhookEventName('egress_updated'), true);
  assert.equal(isWebhookEventName('ingress_updated'), false);
  assert.equal(isWebhookEventName(''), false);
  assert.equal(isWebhookEventName(undefined), false);
});
