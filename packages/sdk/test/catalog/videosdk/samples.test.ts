import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  VIDEOSDK_WEBHOOK_TYPES,
  decodeVideoSdkWebhook,
  sampleVideoSdkWebhook,
  type VideoSdkWebhookType,
} from '../../../src/catalog/videosdk/index.js';
import { SEED_EXAMPLES } from './seed-examples.js';

const seedByType = new Map(
  SEED_EXAMPLES.map((text) => [(JSON.parse(text) as { webhookType: VideoSdkWebhookType }).webhookType, text]),
);

describe('sampleVideoSdkWebhook', () => {
  for (const type of VIDEOSDK_WEBHOOK_TYPES) {
    it(`${type}: is the published example, field for field and in the same order`, () => {
      const seed = seedByType.get(type);
      assert.ok(seed !== undefined, `no published example for ${type}`);
      assert.equal(JSON.stringify(sampleVideoSdkWebhook(type)), seed);
      assert.deepEqual(
        decodeVideoSdkWebhook(sampleVideoSdkWebhook(type), { strict: true }),
        JSON.parse(seed),
      );
    });
  }

  it('merges overrides over data and keeps the rest', () => {
    assert.deepEqual(
      sampleVideoSdkWebhook('participant-joined', { participantName: 'Ann', meetingId: 'abcd-efgh-ijkl' }),
      {
        webhookType: 'participant-joined',
        data: {
          meetingId: 'abcd-efgh-ijkl',
          sessionId: '613731342f27f56e4fc4b6d0',
          participantId: 'fkd74h',
          participantName: 'Ann',
        },
      },
    );
    const playable = sampleVideoSdkWebhook('hls-playable', {
      livestreamUrl: 'https://cdn.example/live.m3u8',
    });
    assert.equal(playable.data.livestreamUrl, 'https://cdn.example/live.m3u8');
  });

  it('is deterministic and hands out independent copies', () => {
    const a = sampleVideoSdkWebhook('participant-track-recording-stopped');
    const b = sampleVideoSdkWebhook('participant-track-recording-stopped');
    assert.deepEqual(a, b);
    a.data.fileDetails[0]!.fileUrl = 'changed';
    a.data.fileDetails.push({ filePath: 'x', fileUrl: 'y' });
    assert.deepEqual(sampleVideoSdkWebhook('participant-track-recording-stopped'), b);
    assert.equal(b.data.fileDetails.length, 1);
  });
});
