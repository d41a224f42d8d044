import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeWebhookEvent, encodeWebhookEvent, parseWebhookEvent } from '../../src/codec/index.js';
import { isWebhookError, type WebhookErrorCode } from '../../src/errors.js';

function assertFails(fn: () => unknown, code: WebhookErrorCode, path: string): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(isWebhookError(err), `expected a WebhookError, got ${String(err)}`);
    assert.equal(err.code, code, err.message);
    assert.ok(
      err.message.startsWith(`${path}: `),
      `message ${JSON.stringify(err.message)} should start with ${path}`,
    );
    return true;
  });
}

const WRONG_TYPES: Array<[string, Record<string, unknown>, string]> = [
  ['room is a string', { room: 'demo' }, 'room'],
  ['emptyTimeout is "abc"', { room: { emptyTimeout: 'abc' } }, 'room.emptyTimeout'],
  [
    'width 1.5 for uint32',
    { participant: { tracks: [{}, {}, { width: 1.5 }] } },
    'participant.tracks[2].width',
  ],
  ['negative uint32', { track: { height: -1 } }, 'track.height'],
  ['uint32 overflow', { track: { height: 4294967296 } }, 'track.height'],
  ['int32 overflow', { numDropped: 2147483648 }, 'numDropped'],
  ['bool as string', { room: { activeRecording: 'true' } }, 'room.activeRecording'],
  ['string as number', { id: 42 }, 'id'],
  ['int64 not numeric', { createdAt: '12a' }, 'createdAt'],
  ['int64 fractional', { createdAt: 1.5 }, 'createdAt'],
  ['int64 out of range', { egressInfo: { startedAt: '9223372036854775808' } }, 'egressInfo.startedAt'],
  [
    'int64 in a list element',
    { egressInfo: { fileResults: [{ size: '1e3' }] } },
    'egressInfo.fileResults[0].size',
  ],
  ['list is an object', { room: { enabledCodecs: { mime: 'x' } } }, 'room.enabledCodecs'],
  ['null inside a list', { room: { enabledCodecs: [null] } }, 'room.enabledCodecs[0]'],
  ['map value not a string', { participant: { attributes: { role: 1 } } }, 'participant.attributes.role'],
  ['enum of the wrong type', { track: { type: true } }, 'track.type'],
  ['snake_case path is reported as sent', { egress_info: { started_at: 'x' } }, 'egress_info.started_at'],
  ['both names for one field', { egressInfo: {}, egress_info: {} }, 'egress_info'],
];

for (const [label, body, path] of WRONG_TYPES) {
  test(`${label}: malformed_body, invalid_event when strict, naming ${path}`, () => {
    assertFails(() => decodeWebhookEvent({ event: 'room_started', ...body }), 'malformed_body', path);
    assertFails(
      () => decodeWebhookEvent({ event: 'room_started', ...body }, { strict: true }),
      'invalid_event',
      path,
    );
  });
}

test('an int64 JSON number beyond 2^53 is malformed_body even when strict: its precision is already lost', () => {
  const body = '{"event":"egress_ended","egressInfo":{"startedAt":1739900130000000000}}';
  assertFails(() => parseWebhookEvent(body), 'malformed_body', 'egressInfo.startedAt');
  assertFails(() => parseWebhookEvent(body, { strict: true }), 'malformed_body', 'egressInfo.startedAt');
});

test('bodies that are not a JSON object are malformed_body', () => {
  assertFails(() => parseWebhookEvent('not json'), 'malformed_body', 'body');
  assertFails(() => parseWebhookEvent('[1,2]'), 'malformed_body', 'body');
  assertFails(() => parseWebhookEvent('null', { strict: true }), 'malformed_body', 'body');
  assertFails(() => parseWebhookEvent(new Uint8Array([0x7b, 0xff, 0x7d])), 'malformed_body', 'body');
  assertFails(() => decodeWebhookEvent('{}'), 'malformed_body', 'body');
});

test('encoding a value of the wrong type is invalid_event naming the path', () => {
  assertFails(
    () => encodeWebhookEvent({ event: 'x', room: { emptyTimeout: '300' as never } }),
    'invalid_event',
    'room.emptyTimeout',
  );
  assertFails(
    () => encodeWebhookEvent({ event: 'x', track: { type: 'HOLOGRAM' as never } }),
    'invalid_event',
    'track.type',
  );
  assertFails(
    () => encodeWebhookEvent({ event: 'x', participant: { tracks: [{}, { sid: 5 as never }] } }),
    'invalid_event',
    'participant.tracks[1].sid',
  );
});
