import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatVideoSdkTimestamp } from '../../../src/catalog/videosdk/index.js';

describe('formatVideoSdkTimestamp', () => {
  it('writes UTC with milliseconds and a +00:00 offset, as VideoSDK does', () => {
    assert.equal(formatVideoSdkTimestamp(1739900000123), '2025-02-18T17:33:20.123+00:00');
    assert.equal(formatVideoSdkTimestamp(0), '1970-01-01T00:00:00.000+00:00');
    assert.equal(formatVideoSdkTimestamp(-1000), '1969-12-31T23:59:59.000+00:00');
  });

  it('returns undefined for instants a Date cannot hold', () => {
    assert.equal(formatVideoSdkTimestamp(8.64e15 + 1), undefined);
    assert.equal(formatVideoSdkTimestamp(Number.NaN), undefined);
    assert.equal(formatVideoSdkTimestamp(Number.POSITIVE_INFINITY), undefined);
  });
});
