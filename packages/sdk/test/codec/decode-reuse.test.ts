import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeWebhookEvent, parseWebhookEvent } from '../../src/codec/index.js';

// A body that needs no rewriting: JSON names only, no nulls, no unknown fields, canonical values.
const CANONICAL = {
  event: 'participant_joined',
  room: {
    sid: 'RM_7A62FjVFwWw5',
    name: 'demo-room',
    emptyTimeout: 300,
    creationTime: '1739900000',
    enabledCodecs: [{ mime: 'audio/opus' }, { mime: 'video/VP8' }],
    version: { unixMicro: '1739900000123456', ticks: 3 },
  },
  participant: {
    sid: 'PA_eU7nwP2s3FcN',
    identity: 'alice',
    state: 'ACTIVE',
    joinedAt: '1739900005',
    permission: { canSubscribe: true, canPublish: true },
    attributes: { role: 'host' },
  },
  id: 'EV_kKc9DW235ytJ',
  createdAt: '1739900006',
};

type Json = Record<string, unknown>;

/** The object holding the last key of a dotted path (array indexes are keys too). */
function parentOf(root: unknown, path: string): [Json, string] {
  const keys = path.split('.');
  let node = root as Json;
  for (const key of keys.slice(0, -1)) node = node[key] as Json;
  return [node, keys[keys.length - 1]!];
}

function set(root: unknown, path: string, value: unknown): void {
  const [node, key] = parentOf(root, path);
  node[key] = value;
}

function del(root: unknown, path: string): void {
  const [node, key] = parentOf(root, path);
  Reflect.deleteProperty(node, key);
}

/** Decodes, checking the input is left exactly as it was. */
function decodeUntouched(input: unknown): unknown {
  const before = structuredClone(input);
  const event = decodeWebhookEvent(input);
  assert.deepEqual(input, before, 'decoding mutated its input');
  return event;
}

test('a body needing no rewriting decodes like the same body forced through a copy', () => {
  const expected = structuredClone(CANONICAL);
  const fast = decodeUntouched(structuredClone(CANONICAL));
  assert.deepEqual(fast, expected);
  // One snake_case key (deep inside, after other keys) forces the copying path at every level above it.
  const snake = structuredClone(CANONICAL) as Json;
  set(snake, 'room.version', { unix_micro: '1739900000123456', ticks: 3 });
  assert.deepEqual(decodeUntouched(snake), fast);
  // The same through the JSON text path.
  assert.deepEqual(parseWebhookEvent(JSON.stringify(CANONICAL)), fast);
  assert.deepEqual(parseWebhookEvent(JSON.stringify(snake)), fast);
});

test('values that need rewriting are rewritten wherever they appear, without mutating the input', () => {
  // [what, edit of the canonical body, the same edit of the expected result]
  const rewrites: Array<[string, (body: Json) => void, (event: Json) => void]> = [
    ['null', (b) => set(b, 'room.name', null), (e) => del(e, 'room.name')],
    ['unknown field', (b) => set(b, 'participant.future', 1), () => {}],
    ['enum number', (b) => set(b, 'participant.state', 2), () => {}],
    ['int64 number', (b) => set(b, 'createdAt', 1739900006), () => {}],
    ['non-canonical int64', (b) => set(b, 'room.creationTime', '01739900000'), () => {}],
    ['int32 string', (b) => set(b, 'room.emptyTimeout', '300'), () => {}],
    ['int32 -0', (b) => set(b, 'room.emptyTimeout', -0), (e) => set(e, 'room.emptyTimeout', 0)],
    ['list item', (b) => set(b, 'room.enabledCodecs.1', { mime: 'video/VP8', extra: true }), () => {}],
    ['nested message', (b) => set(b, 'room.version.ticks', '3'), () => {}],
    [
      'snake_case top level',
      (b) => {
        del(b, 'createdAt');
        set(b, 'created_at', '1739900006');
      },
      () => {},
    ],
  ];
  for (const [what, edit, expect] of rewrites) {
    const body = structuredClone(CANONICAL) as Json;
    edit(body);
    const expected = structuredClone(CANONICAL) as Json;
    expect(expected);
    assert.deepEqual(decodeUntouched(body), expected, what);
  }
});

test('a map __proto__ key is dropped and non-plain objects come back as plain objects', () => {
  const body = JSON.parse('{"participant":{"attributes":{"a":"1","__proto__":"x","b":"2"}}}') as unknown;
  const event = decodeUntouched(body) as { participant: { attributes: Record<string, string> } };
  assert.deepEqual(Object.keys(event.participant.attributes), ['a', 'b']);
  const bare = Object.assign(Object.create(null) as object, { event: 'room_started' });
  // structuredClone would drop the null prototype, so compare this one directly.
  assert.deepEqual(decodeWebhookEvent(bare), { event: 'room_started' });
  assert.equal(Object.getPrototypeOf(bare), null);
});

test('errors keep their paths on the in-place path', () => {
  assert.throws(
    () => decodeWebhookEvent({ ...CANONICAL, room: { ...CANONICAL.room, enabledCodecs: [{ mime: 1 }] } }),
    (err) => err instanceof Error && err.message.startsWith('room.enabledCodecs[0].mime: '),
  );
});
