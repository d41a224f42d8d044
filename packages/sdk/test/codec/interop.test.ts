import assert from 'node:assert/strict';
import { test } from 'node:test';
import { WebhookEvent as ProtoWebhookEvent } from 'livekit-server-sdk';
import { sampleWebhookEvent, WEBHOOK_EVENT_NAMES } from '../../src/catalog/livekit/index.js';
import { encodeWebhookEvent, parseWebhookEvent } from '../../src/codec/index.js';

// Key order, recursively, following protobuf-es's field lists (which are in .proto declaration order).
type MessageType = { fields: { list(): Array<{ jsonName: string; kind: string; T?: unknown }> } };
function declarationOrderKeys(value: unknown, type: MessageType, path: string, out: string[]): void {
  if (typeof value !== 'object' || value === null) return;
  const keys = Object.keys(value);
  const declared = type.fields.list().map((f) => f.jsonName);
  const expected = declared.filter((name) => keys.includes(name));
  assert.deepEqual(keys, expected, `${path || '(root)'}: keys not in declaration order`);
  for (const field of type.fields.list()) {
    const child = (value as Record<string, unknown>)[field.jsonName];
    if (field.kind !== 'message' || child === undefined) continue;
    const items = Array.isArray(child) ? child : [child];
    for (const item of items)
      declarationOrderKeys(item, field.T as MessageType, `${path}.${field.jsonName}`, out);
  }
}

for (const name of WEBHOOK_EVENT_NAMES) {
  test(`${name}: our bytes are what livekit-server-sdk reads and writes back, in Go's field order`, () => {
    const ours = encodeWebhookEvent(sampleWebhookEvent(name));
    const proto = ProtoWebhookEvent.fromJson(JSON.parse(ours) as never);
    const theirs = proto.toJsonString();
    // Same fields and values: protobuf-es omits the same defaults and writes int64/enums the same way.
    assert.deepEqual(JSON.parse(ours), JSON.parse(theirs));
    // Difference: protobuf-es v1 writes fields in field-NUMBER order (e.g. Room.departureTimeout, number 14,
    // last), while Go protojson writes DECLARATION order (departureTimeout right after emptyTimeout). LiveKit
    // servers are Go, so we assert the Go rule against protobuf-es's declaration-ordered field lists.
    declarationOrderKeys(JSON.parse(ours), ProtoWebhookEvent as unknown as MessageType, '', []);
    // Compact, as Go writes it without the detrand space.
    assert.ok(!ours.includes('", "') && !ours.includes(': '));
    // And livekit-server-sdk's reading of our bytes decodes to the same event as ours.
    assert.deepEqual(parseWebhookEvent(theirs), parseWebhookEvent(ours));
  });
}
