import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  VIDEOSDK_WEBHOOK_TYPES,
  VideoSdkWebhookTypes,
  isVideoSdkWebhookType,
} from '../../../src/catalog/videosdk/index.js';
import { SEED_EXAMPLES } from './seed-examples.js';

describe('VideoSDK webhook types', () => {
  it('lists exactly the 34 types of the published examples, without duplicates', () => {
    const seedTypes = SEED_EXAMPLES.map((text) => (JSON.parse(text) as { webhookType: string }).webhookType);
    assert.equal(VIDEOSDK_WEBHOOK_TYPES.length, 34);
    assert.equal(new Set(VIDEOSDK_WEBHOOK_TYPES).size, 34);
    assert.deepEqual([...VIDEOSDK_WEBHOOK_TYPES].sort(), [...seedTypes].sort());
  });

  it('names each constant after its wire name', () => {
    for (const [key, value] of Object.entries(VideoSdkWebhookTypes)) {
      assert.equal(key, value.toUpperCase().replaceAll('-', '_'));
    }
  });

  it('recognises only known type names', () => {
    assert.equal(isVideoSdkWebhookType('hls-playable'), true);
    assert.equal(isVideoSdkWebhookType('participant-track-recording-failed'), true);
    assert.equal(isVideoSdkWebhookType('room_started'), false);
    assert.equal(isVideoSdkWebhookType('HLS-PLAYABLE'), false);
    assert.equal(isVideoSdkWebhookType(''), false);
    assert.equal(isVideoSdkWebhookType(undefined), false);
    assert.equal(isVideoSdkWebhookType(42), false);
  });

  it('cannot be changed at run time', () => {
    assert.throws(() => (VIDEOSDK_WEBHOOK_TYPES as string[]).push('x'), TypeError);
  });
});
