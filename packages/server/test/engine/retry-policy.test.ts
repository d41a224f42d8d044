import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  DEFAULT_RETRY,
  LIVEKIT_RETRY,
  MAX_RETRY_AFTER_MS,
  classifyOutcome,
  nextAttemptAt,
  parseRetryAfter,
} from '../../src/engine/retry-policy.js';

describe('classifyOutcome', () => {
  it('delivers on every 2xx', () => {
    for (const status of [200, 201, 202, 204, 299]) assert.equal(classifyOutcome(status), 'success');
  });
  it('retries connection errors, timeouts, 408, 425, 429 and 5xx except 501', () => {
    for (const status of [undefined, 408, 425, 429, 500, 502, 503, 504, 599]) {
      assert.equal(classifyOutcome(status), 'retry', String(status));
    }
  });
  it('treats 410 as gone and every other status as a final failure', () => {
    assert.equal(classifyOutcome(410), 'gone');
    for (const status of [100, 301, 302, 400, 401, 403, 404, 413, 422, 501]) {
      assert.equal(classifyOutcome(status), 'fail', String(status));
    }
  });
});

describe('nextAttemptAt', () => {
  it('follows the default schedule: immediately, 1 s, 5 s, 30 s, 2 min … 12 h, twelve attempts in all', () => {
    const seconds = DEFAULT_RETRY.delaysMs.map((d) => d / 1000);
    assert.deepEqual(seconds, [0, 1, 5, 30, 120, 600, 1800, 3600, 7200, 14400, 28800, 43200]);
    assert.equal(DEFAULT_RETRY.jitter, 0.2);
  });

  it('matches LiveKit: five attempts with waits of 1, 2, 4 and 8 s', () => {
    assert.deepEqual(LIVEKIT_RETRY.delaysMs, [0, 1000, 2000, 4000, 8000]);
    assert.equal(nextAttemptAt(LIVEKIT_RETRY, 1, 0, Math.random), 1000);
    assert.equal(nextAttemptAt(LIVEKIT_RETRY, 4, 0, Math.random), 8000);
    assert.equal(nextAttemptAt(LIVEKIT_RETRY, 5, 0, Math.random), undefined, 'exhausted after five attempts');
  });

  it('keeps jitter within ±20 %, reaching both ends', () => {
    const now = 1_000_000;
    assert.equal(
      nextAttemptAt(DEFAULT_RETRY, 3, now, () => 0),
      now + 24_000,
    );
    assert.equal(
      nextAttemptAt(DEFAULT_RETRY, 3, now, () => 0.5),
      now + 30_000,
    );
    assert.equal(
      nextAttemptAt(DEFAULT_RETRY, 3, now, () => 0.999999),
      now + 36_000,
    );
  });

  it('lets a later Retry-After win, capped at a day', () => {
    const schedule = { delaysMs: [0, 1000], jitter: 0 };
    assert.equal(nextAttemptAt(schedule, 1, 0, Math.random, 5000), 5000);
    assert.equal(
      nextAttemptAt(schedule, 1, 0, Math.random, 10),
      1000,
      'an earlier Retry-After does not hurry',
    );
    assert.equal(nextAttemptAt(schedule, 1, 0, Math.random, 10 * MAX_RETRY_AFTER_MS), MAX_RETRY_AFTER_MS);
  });
});

describe('parseRetryAfter', () => {
  it('reads delay-seconds and HTTP dates', () => {
    const now = Date.parse('2026-11-25T10:00:00Z');
    assert.equal(parseRetryAfter('120', now), 120_000);
    assert.equal(parseRetryAfter(' 3 ', now), 3000);
    assert.equal(parseRetryAfter('Wed, 25 Nov 2026 10:00:30 GMT', now), 30_000);
    assert.equal(parseRetryAfter('Wed, 25 Nov 2026 09:00:00 GMT', now), 0, 'a past date means now');
  });
  it('ignores what it cannot read', () => {
    for (const header of [undefined, '', 'soon', '-5', '1.5'])
      assert.equal(parseRetryAfter(header, 0), undefined);
  });
});
