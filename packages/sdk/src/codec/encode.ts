import type { WebhookEventFields } from '../catalog/livekit/webhook-event.js';
import { WebhookError } from '../errors.js';
import { FieldFailure, preview } from './field-failure.js';
import { compareCodePoints, formatDouble, toBase64, toInt64String } from './scalars.js';
import type { FieldDescriptor, MessageDescriptor } from './schema/descriptor.js';
import { WEBHOOK_EVENT_DESCRIPTOR } from './schema/livekit-schema.js';

type JsonObject = Record<string, unknown>;

function encodeMessage(input: JsonObject, desc: MessageDescriptor): string {
  let out = '{';
  let field: FieldDescriptor | undefined;
  try {
    // Declaration order, as Go protojson writes it; keys not in the schema are never written.
    for (field of desc.fields) {
      const value = input[field.jsonName];
      if (value === undefined || value === null) continue;
      let text: string | undefined;
      if (field.repeated) text = encodeList(value, field);
      else if (field.kind === 'map') text = encodeMap(value);
      else text = encodeSingular(value, field, field.presence);
      if (text === undefined) continue;
      if (out.length > 1) out += ',';
      out += field.jsonKey + text;
    }
  } catch (err) {
    if (err instanceof FieldFailure && field !== undefined) err.segments.unshift(field.jsonName);
    throw err;
  }
  return out + '}';
}

function encodeList(value: unknown, field: FieldDescriptor): string | undefined {
  if (!Array.isArray(value)) throw new FieldFailure(`expected an array, got ${preview(value)}`);
  if (value.length === 0) return undefined;
  let out = '[';
  let i = 0;
  try {
    for (; i < value.length; i++) {
      if (i > 0) out += ',';
      // List elements are always written, zero values included.
      out += encodeSingular(value[i], field, true);
    }
  } catch (err) {
    if (err instanceof FieldFailure) err.segments.unshift(i);
    throw err;
  }
  return out + ']';
}

function encodeMap(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new FieldFailure(`expected an object of strings, got ${preview(value)}`);
  }
  const record = value as JsonObject;
  const keys = Object.keys(record);
  if (keys.length === 0) return undefined;
  keys.sort(compareCodePoints);
  let out = '{';
  let first = true;
  for (const key of keys) {
    const v = record[key];
    if (typeof v !== 'string') {
      const failure = new FieldFailure(`expected a string, got ${preview(v)}`);
      failure.segments.push(key);
      throw failure;
    }
    if (!first) out += ',';
    first = false;
    out += JSON.stringify(key) + ':' + JSON.stringify(v);
  }
  return out + '}';
}

/** One value; `undefined` when it is the default and the field has no presence, so protojson omits it. */
function encodeSingular(value: unknown, field: FieldDescriptor, presence: boolean): string | undefined {
  switch (field.kind) {
    case 'string':
      if (typeof value !== 'string') throw new FieldFailure(`expected a string, got ${preview(value)}`);
      return value === '' && !presence ? undefined : JSON.stringify(value);
    case 'bool':
      if (typeof value !== 'boolean') throw new FieldFailure(`expected true or false, got ${preview(value)}`);
      return !value && !presence ? undefined : value ? 'true' : 'false';
    case 'int32':
    case 'uint32':
      if (typeof value !== 'number' || !Number.isInteger(value)) {
        throw new FieldFailure(`expected an integer, got ${preview(value)}`);
      }
      return value === 0 && !presence ? undefined : String(value);
    case 'double':
      if (typeof value !== 'number') throw new FieldFailure(`expected a number, got ${preview(value)}`);
      // Go tests a double's presence by its bits, so -0 is written.
      return value === 0 && !Object.is(value, -0) && !presence ? undefined : formatDouble(value);
    case 'bytes': {
      const text = toBase64(value);
      return text === '' && !presence ? undefined : `"${text}"`;
    }
    case 'int64':
    case 'uint64': {
      const text = toInt64String(value, field.kind === 'uint64');
      return text === '0' && !presence ? undefined : `"${text}"`;
    }
    case 'enum':
      return encodeEnum(value, field, presence);
    case 'message':
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        throw new FieldFailure(`expected an object (${field.message.name}), got ${preview(value)}`);
      }
      // A set message is always written, even when empty.
      return encodeMessage(value as JsonObject, field.message);
    case 'map':
      return encodeMap(value);
  }
}

function encodeEnum(value: unknown, field: FieldDescriptor, presence: boolean): string | undefined {
  const type = field.enumType;
  if (typeof value === 'string') {
    const number = type.numberOf.get(value);
    if (number === undefined) throw new FieldFailure(`unknown ${type.name} value ${preview(value)}`);
    return number === 0 && !presence ? undefined : JSON.stringify(value);
  }
  if (typeof value === 'number' && Number.isInteger(value)) {
    if (value === 0 && !presence) return undefined;
    const name = type.nameOf.get(value);
    // protojson writes a value number it has no name for as the number.
    return name === undefined ? String(value) : JSON.stringify(name);
  }
  throw new FieldFailure(`expected a ${type.name} name or number, got ${preview(value)}`);
}

/**
 * Encodes an event exactly as LiveKit's server does (Go protojson, default options), compact: fields in
 * `.proto` declaration order, int64 as strings, enums by name, default values omitted (`""`, `0`, `false`,
 * empty lists and maps, zero enum values such as `AUDIO` or `EGRESS_STARTING`), map keys sorted, keys not in
 * the schema left out. Int64 fields also accept numbers and bigints. A value of the wrong type is an
 * `invalid_event` `WebhookError` naming its path.
 *
 * Go builds randomly add a space after commas (see the wire spec); this always writes the compact form.
 *
 * @example
 * ```ts
 * encodeWebhookEvent({ event: 'room_started', room: { name: 'demo', emptyTimeout: 0 }, createdAt: '1739900000' });
 * // '{"event":"room_started","room":{"name":"demo"},"createdAt":"1739900000"}'
 * ```
 */
export function encodeWebhookEvent(event: WebhookEventFields): string {
  if (typeof event !== 'object' || event === null) {
    throw new WebhookError('invalid_event', `event: expected an object, got ${preview(event)}`);
  }
  try {
    return encodeMessage(event as JsonObject, WEBHOOK_EVENT_DESCRIPTOR);
  } catch (err) {
    if (err instanceof FieldFailure) {
      throw new WebhookError('invalid_event', `${err.path()}: ${err.reason}`, { cause: err });
    }
    throw err;
  }
}
