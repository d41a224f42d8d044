import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseEndpointOptions } from '../../src/engine/endpoint-spec.js';
import { DEFAULT_RETRY, LIVEKIT_RETRY } from '../../src/engine/retry-policy.js';
import { RoomhooksError } from '../../src/errors.js';

const KEYS = ['APIkey', 'APIother'];

function rejects(input: unknown, message: RegExp): void {
  assert.throws(
    () => parseEndpointOptions(input, 'endpoints[2]', KEYS),
    (err: unknown) =>
      err instanceof RoomhooksError && err.code === 'invalid_endpoint' && message.test(err.message),
  );
}

describe('parseEndpointOptions', () => {
  it('fills the defaults', () => {
    const spec = parseEndpointOptions({ url: 'https://example.com/hook' }, 'endpoint', KEYS);
    assert.equal(spec.format, 'livekit');
    assert.equal(spec.ordering, 'resource');
    assert.equal(spec.timeoutMs, 10_000);
    assert.equal(spec.maxConcurrency, 64);
    assert.deepEqual(spec.events, { include: [], exclude: [] });
    assert.equal(spec.retry, DEFAULT_RETRY);
    assert.equal(spec.apiKey, undefined);
  });

  it('takes presets and custom schedules', () => {
    assert.equal(
      parseEndpointOptions({ url: 'http://a.example', retry: 'livekit' }, 'e', KEYS).retry,
      LIVEKIT_RETRY,
    );
    const custom = parseEndpointOptions(
      { url: 'http://a.example', retry: { schedule: [0, 50], jitter: 0.1 } },
      'e',
      KEYS,
    );
    assert.deepEqual(custom.retry, { delaysMs: [0, 50], jitter: 0.1 });
  });

  it('names the field and the place of every mistake', () => {
    rejects('https://example.com', /^endpoints\[2\]: expected an object/);
    rejects({}, /^endpoints\[2\]\.url: required/);
    rejects({ url: 'not a url' }, /^endpoints\[2\]\.url: not a valid URL/);
    rejects({ url: 'ftp://example.com' }, /^endpoints\[2\]\.url: must be http or https/);
    rejects({ url: 'https://user:pw@example.com' }, /^endpoints\[2\]\.url: must not carry credentials/);
    rejects(
      { url: 'https://example.com', format: 'xml' },
      /^endpoints\[2\]\.format: expected one of livekit, standard, videosdk/,
    );
    rejects({ url: 'https://example.com', ordering: 'room' }, /^endpoints\[2\]\.ordering:/);
    rejects(
      { url: 'https://example.com', apiKey: 'APInope' },
      /^endpoints\[2\]\.apiKey: "APInope" is not one of the configured keys/,
    );
    rejects(
      { url: 'https://example.com', secret: 'plain' },
      /^endpoints\[2\]\.secret: expected a Standard Webhooks secret/,
    );
    rejects(
      { url: 'https://example.com', timeoutMs: 0 },
      /^endpoints\[2\]\.timeoutMs: expected an integer from 1/,
    );
    rejects({ url: 'https://example.com', maxConcurrency: 1.5 }, /^endpoints\[2\]\.maxConcurrency:/);
    rejects(
      { url: 'https://example.com', retry: 'forever' },
      /^endpoints\[2\]\.retry: expected 'default', 'livekit'/,
    );
    rejects({ url: 'https://example.com', retry: { schedule: [] } }, /^endpoints\[2\]\.retry\.schedule:/);
    rejects(
      { url: 'https://example.com', retry: { schedule: [0, -1] } },
      /^endpoints\[2\]\.retry\.schedule:/,
    );
    rejects(
      { url: 'https://example.com', retry: { schedule: [0], jitter: 1 } },
      /^endpoints\[2\]\.retry\.jitter:/,
    );
    rejects(
      { url: 'https://example.com', events: { include: 'room_started' } },
      /^endpoints\[2\]\.events\.include:/,
    );
    rejects(
      { url: 'https://example.com', events: { only: [] } },
      /^endpoints\[2\]\.events\.only: unknown option/,
    );
    rejects({ url: 'https://example.com', colour: 'red' }, /^endpoints\[2\]\.colour: unknown option/);
    rejects({ url: 'https://example.com', id: 'has space' }, /^endpoints\[2\]\.id:/);
  });
});
