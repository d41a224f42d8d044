import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sampleWebhookEvent, WEBHOOK_EVENT_NAMES } from '../../src/catalog/livekit/index.js';
import { decodeWebhookEvent, encodeWebhookEvent, parseWebhookEvent } from '../../src/codec/index.js';
import { isWebhookError } from '../../src/errors.js';

test('unknown fields are dropped, at every level', () => {
  const event = decodeWebhookEvent({
    event: 'room_started',
    futureTopLevel: { a: 1 },
    room: { name: 'r', futureRoomField: 'x', version: { unixMicro: '1', futureNested: true } },
  });
  assert.deepEqual(event, { event: 'room_started', room: { name: 'r', version: { unixMicro: '1' } } });
});

test('unknown event names pass when not strict and fail with invalid_event when strict', () => {
  const body = { event: 'room_metadata_updated', room: { name: 'r' } };
  assert.deepEqual(decodeWebhookEvent(body), body);
  assert.throws(
    () => decodeWebhookEvent(body, { strict: true }),
    (err) =>
      isWebhookError(err, 'invalid_event') &&
      err.message.includes('event') &&
      err.message.includes('room_metadata_updated'),
  );
});

test('strict requires the event name and the payload the event always carries', () => {
  assert.deepEqual(decodeWebhookEvent({ room: { name: 'r' } }), { room: { name: 'r' } });
  assert.throws(
    () => decodeWebhookEvent({ room: { name: 'r' } }, { strict: true }),
    (err) => isWebhookError(err, 'invalid_event') && err.message.startsWith('event:'),
  );
  assert.throws(
    () => decodeWebhookEvent({ event: 'participant_joined', room: { name: 'r' } }, { strict: true }),
    (err) => isWebhookError(err, 'invalid_event') && err.message.startsWith('participant:'),
  );
  // agent job events carry `job`, nothing else is required.
  assert.equal(
    decodeWebhookEvent({ event: 'agent_job_started', job: {} }, { strict: true }).event,
    'agent_job_started',
  );
});

test('enums by number become names; numbers without a name are kept', () => {
  const event = decodeWebhookEvent({
    event: 'track_published',
    track: { type: 1, source: 2, audioFeatures: [3, 99] },
    participant: { state: 2, kind: 7 },
    roomEndReason: 0,
  });
  assert.deepEqual(event.track, {
    type: 'VIDEO',
    source: 'MICROPHONE',
    audioFeatures: ['TF_ECHO_CANCELLATION', 99],
  });
  assert.deepEqual(event.participant, { state: 'ACTIVE', kind: 'CONNECTOR' });
  assert.equal(event.roomEndReason, 'ROOM_END_UNKNOWN');
  // An unnamed number is written back as the number, as protojson does.
  assert.equal(
    encodeWebhookEvent({ event: 'x', track: { audioFeatures: [99] } }),
    '{"event":"x","track":{"audioFeatures":[99]}}',
  );
});

test('unknown enum names are dropped (DiscardUnknown), or invalid_event when strict', () => {
  const body = {
    event: 'track_published',
    room: {},
    participant: {},
    track: { source: 'HOLOGRAM', audioFeatures: ['TF_NEW', 'TF_STEREO'] },
  };
  assert.deepEqual(decodeWebhookEvent(body).track, { audioFeatures: ['TF_STEREO'] });
  assert.throws(
    () => decodeWebhookEvent(body, { strict: true }),
    (err) => isWebhookError(err, 'invalid_event') && err.message.startsWith('track.source:'),
  );
});

test('int64 accepted as string or safe-integer number, written back as canonical strings', () => {
  const event = decodeWebhookEvent({
    event: 'room_started',
    room: { creationTime: 1739900000, creationTimeMs: '001739900000123' },
    createdAt: -0,
  });
  assert.deepEqual(event.room, { creationTime: '1739900000', creationTimeMs: '1739900000123' });
  assert.equal(event.createdAt, '0');
  assert.equal(
    encodeWebhookEvent(event),
    '{"event":"room_started","room":{"creationTime":"1739900000","creationTimeMs":"1739900000123"}}',
  );
});

test('huge int64 strings round-trip exactly', () => {
  for (const value of ['1739900130000000000', '9223372036854775807', '-9223372036854775808']) {
    const body = `{"event":"egress_ended","egressInfo":{"startedAt":"${value}"}}`;
    assert.equal(encodeWebhookEvent(parseWebhookEvent(body)), body);
  }
});

test('proto (snake_case) names are accepted like JSON names', () => {
  const event = decodeWebhookEvent({
    event: 'egress_ended',
    egress_info: { egress_id: 'EG_1', room_name: 'r', file_results: [{ started_at: '5' }] },
    created_at: '7',
    room_end_reason: 'ROOM_END_API_DELETE',
  });
  assert.deepEqual(event, {
    event: 'egress_ended',
    egressInfo: { egressId: 'EG_1', roomName: 'r', fileResults: [{ startedAt: '5' }] },
    createdAt: '7',
    roomEndReason: 'ROOM_END_API_DELETE',
  });
});

test('null means absent', () => {
  assert.deepEqual(
    decodeWebhookEvent({
      event: 'room_started',
      room: { name: null, enabledCodecs: null },
      participant: null,
    }),
    {
      event: 'room_started',
      room: {},
    },
  );
});

test('zero values are omitted on encode; set messages and explicit-presence fields are kept', () => {
  const body = encodeWebhookEvent({
    event: 'ingress_started',
    room: { sid: '', name: 'r', emptyTimeout: 0, activeRecording: false, enabledCodecs: [] },
    track: { type: 'AUDIO', source: 'UNKNOWN', width: 0, version: {} },
    participant: { state: 'JOINING', kind: 'STANDARD', attributes: {} },
    egressInfo: { status: 'EGRESS_STARTING', startedAt: '0' },
    ingressInfo: {
      inputType: 'RTMP_INPUT',
      enabled: false,
      enableTranscoding: false,
      state: { status: 'ENDPOINT_INACTIVE' },
    },
    numDropped: 0,
    roomEndReason: 'ROOM_END_UNKNOWN',
  });
  assert.equal(
    body,
    '{"event":"ingress_started","room":{"name":"r"},"participant":{},"egressInfo":{},' +
      '"ingressInfo":{"enableTranscoding":false,"state":{},"enabled":false},"track":{"version":{}}}',
  );
});

test('oneof members are written even when they hold a default value', () => {
  const body = encodeWebhookEvent({
    event: 'x',
    egressInfo: { track: { websocketUrl: '' }, roomComposite: undefined },
  } as never);
  assert.equal(body, '{"event":"x","egressInfo":{"track":{"websocketUrl":""}}}');
  assert.throws(
    () => decodeWebhookEvent({ egressInfo: { web: {}, track: {} } }),
    (err) => isWebhookError(err, 'malformed_body') && err.message.startsWith('egressInfo.track:'),
  );
});

test('map keys are written sorted in code point order', () => {
  const body = encodeWebhookEvent({
    event: 'x',
    participant: { attributes: { b: '2', a: '1', '\u{1F600}': 'astral', '\uFF01': 'bmp', '10': 'num' } },
  });
  assert.equal(
    body,
    '{"event":"x","participant":{"attributes":{"10":"num","a":"1","b":"2","\uFF01":"bmp","\u{1F600}":"astral"}}}',
  );
});

test('doubles follow protojson: numbers, numeric strings and NaN/Infinity strings', () => {
  const event = decodeWebhookEvent({ event: 'x', ingressInfo: { state: { video: { framerate: '29.97' } } } });
  assert.equal(event.ingressInfo?.state?.video?.framerate, 29.97);
  const nan = decodeWebhookEvent({ event: 'x', ingressInfo: { state: { video: { framerate: 'NaN' } } } });
  assert.equal(
    encodeWebhookEvent(nan),
    '{"event":"x","ingressInfo":{"state":{"video":{"framerate":"NaN"}}}}',
  );
});

for (const name of WEBHOOK_EVENT_NAMES) {
  test(`${name}: decode(encode(sample)) deep-equals the sample`, () => {
    const sample = sampleWebhookEvent(name, { seed: 'round-trip' });
    assert.deepEqual(parseWebhookEvent(encodeWebhookEvent(sample), { strict: true }), sample);
  });
}
