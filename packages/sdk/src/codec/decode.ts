import { isAnyWebhookEventName } from '../catalog/livekit/extended-events.js';
import { missingPayloadField } from '../catalog/livekit/event-payloads.js';
import type { LooseWebhookEvent, WebhookEvent } from '../catalog/livekit/webhook-event.js';
import { WebhookError } from '../errors.js';
import { FieldFailure, preview } from './field-failure.js';
import { toBase64, toDouble, toInt32, toInt64String } from './scalars.js';
import type { FieldDescriptor, MessageDescriptor } from './schema/descriptor.js';
import { WEBHOOK_EVENT_DESCRIPTOR } from './schema/livekit-schema.js';

/** Options of {@link decodeWebhookEvent} and `parseWebhookEvent`. */
export interface DecodeOptions {
  /**
   * Validate against the catalog: `event` must be present and a known name (LiveKit's or a roomhooks
   * extension's), the payload objects that event always carries must be present, and enum names must be
   * known. Failures are `invalid_event`. Default false, which tolerates what LiveKit may add (new event names,
   * new enum values), like LiveKit's own SDKs.
   */
  strict?: boolean;
}

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Decodes one message. Unknown keys are dropped (DiscardUnknown); `null` means absent.
 *
 * Most bodies need no rewriting (JSON names only, no nulls, no unknown fields, values already canonical), so
 * the input is validated in place and returned as is; a copy is built only from the first key that needs
 * rewriting, starting from the fields already validated. Only plain objects are reused, so the result always
 * has `Object.prototype`, as a fresh copy would.
 */
function decodeMessage(input: JsonObject, desc: MessageDescriptor, strict: boolean): JsonObject {
  let out: JsonObject | undefined = Object.getPrototypeOf(input) === Object.prototype ? undefined : {};
  const keys = Object.keys(input);
  let key = '';
  try {
    for (let i = 0; i < keys.length; i++) {
      key = keys[i]!;
      const field = desc.byName.get(key);
      if (out === undefined) {
        // Still reusing the input: every earlier key is a JSON name whose value decoded to itself.
        if (field !== undefined && key === field.jsonName && field.oneof === undefined) {
          const raw = input[key];
          if (raw !== null) {
            const value = decodeField(raw, field, strict);
            if (Object.is(value, raw)) continue;
            out = copyKeys(input, keys, i);
            // No duplicate is possible here: the earlier keys are distinct JSON names kept as they are.
            if (value !== undefined) out[key] = value;
            continue;
          }
        }
        out = copyKeys(input, keys, i);
      }
      if (field === undefined) continue;
      const raw = input[key];
      if (raw === null) continue;
      const name = field.jsonName;
      if (out[name] !== undefined)
        throw new FieldFailure(`duplicate field: both ${field.protoName} and ${name}`);
      const value = decodeField(raw, field, strict);
      if (value === undefined) continue;
      if (field.oneof !== undefined) checkOneof(out, desc, field);
      out[name] = value;
    }
  } catch (err) {
    if (err instanceof FieldFailure) err.segments.unshift(key);
    throw err;
  }
  return out ?? input;
}

/** A new object holding the first `count` keys of `input`, already validated and kept as they are. */
function copyKeys(input: JsonObject, keys: readonly string[], count: number): JsonObject {
  const out: JsonObject = {};
  for (let j = 0; j < count; j++) out[keys[j]!] = input[keys[j]!];
  return out;
}

/** One non-null field value; `undefined` means "drop it". */
function decodeField(raw: unknown, field: FieldDescriptor, strict: boolean): unknown {
  if (field.repeated) return decodeList(raw, field, strict);
  if (field.kind === 'map') return decodeMap(raw);
  return decodeSingular(raw, field, strict);
}

function checkOneof(out: JsonObject, desc: MessageDescriptor, field: FieldDescriptor): void {
  for (const other of desc.fields) {
    if (other !== field && other.oneof === field.oneof && out[other.jsonName] !== undefined) {
      throw new FieldFailure(
        `${other.jsonName} is already set; only one field of oneof ${field.oneof} may be`,
      );
    }
  }
}

/** The input array itself when every item decodes to itself (and it is a plain array), else a new one. */
function decodeList(raw: unknown, field: FieldDescriptor, strict: boolean): unknown[] {
  if (!Array.isArray(raw)) throw new FieldFailure(`expected an array, got ${preview(raw)}`);
  let out: unknown[] | undefined = Object.getPrototypeOf(raw) === Array.prototype ? undefined : [];
  let i = 0;
  try {
    for (; i < raw.length; i++) {
      const item: unknown = raw[i];
      if (item === null) throw new FieldFailure('null is not allowed in a list');
      const value = decodeSingular(item, field, strict);
      if (out === undefined) {
        if (Object.is(value, item)) continue;
        out = (raw as unknown[]).slice(0, i);
      }
      // An unknown enum name is dropped from the list, as protojson's DiscardUnknown does.
      if (value !== undefined) out.push(value);
    }
  } catch (err) {
    if (err instanceof FieldFailure) err.segments.unshift(i);
    throw err;
  }
  return out ?? raw;
}

/**
 * The input object itself when it is a plain object of strings, else a copy. A `__proto__` key forces the
 * copy: assigning it to a fresh object does not create a key, so a copy never has it.
 */
function decodeMap(raw: unknown): Record<string, string> {
  if (!isObject(raw)) throw new FieldFailure(`expected an object of strings, got ${preview(raw)}`);
  let out: Record<string, string> | undefined =
    Object.getPrototypeOf(raw) === Object.prototype ? undefined : {};
  const keys = Object.keys(raw);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    const value = raw[key];
    if (typeof value !== 'string') {
      const failure = new FieldFailure(`expected a string, got ${preview(value)}`);
      failure.segments.push(key);
      throw failure;
    }
    if (out === undefined) {
      if (key !== '__proto__') continue;
      out = copyKeys(raw, keys, i) as Record<string, string>;
    }
    out[key] = value;
  }
  return out ?? (raw as Record<string, string>);
}

/** One value of a non-map field; `undefined` means "drop it" (an unknown enum name when not strict). */
function decodeSingular(raw: unknown, field: FieldDescriptor, strict: boolean): unknown {
  switch (field.kind) {
    case 'string':
      if (typeof raw !== 'string') throw new FieldFailure(`expected a string, got ${preview(raw)}`);
      return raw;
    case 'bool':
      if (typeof raw !== 'boolean') throw new FieldFailure(`expected true or false, got ${preview(raw)}`);
      return raw;
    case 'int32':
      return toInt32(raw, false);
    case 'uint32':
      return toInt32(raw, true);
    case 'int64':
      return toInt64String(raw, false);
    case 'uint64':
      return toInt64String(raw, true);
    case 'double':
      return toDouble(raw);
    case 'bytes':
      return toBase64(raw);
    case 'enum':
      return decodeEnum(raw, field, strict);
    case 'message':
      if (!isObject(raw))
        throw new FieldFailure(`expected an object (${field.message.name}), got ${preview(raw)}`);
      return decodeMessage(raw, field.message, strict);
    case 'map':
      return decodeMap(raw);
  }
}

/** Names stay names; numbers become names; a number with no name is kept as the number, as protojson does. */
function decodeEnum(raw: unknown, field: FieldDescriptor, strict: boolean): string | number | undefined {
  const type = field.enumType;
  if (typeof raw === 'string') {
    if (type.numberOf.has(raw)) return raw;
    if (strict) throw new FieldFailure(`unknown ${type.name} value ${preview(raw)}`);
    return undefined;
  }
  if (typeof raw === 'number' && Number.isInteger(raw) && raw >= -2147483648 && raw <= 2147483647) {
    return type.nameOf.get(raw) ?? (raw === 0 ? 0 : raw);
  }
  throw new FieldFailure(`expected a ${type.name} name or number, got ${preview(raw)}`);
}

function toWebhookError(failure: FieldFailure, strict: boolean): WebhookError {
  const code = failure.forcedCode ?? (strict ? 'invalid_event' : 'malformed_body');
  return new WebhookError(code, `${failure.path()}: ${failure.reason}`, { cause: failure });
}

/**
 * Decodes an already-parsed `livekit.WebhookEvent` JSON value the way protojson reads it: JSON names and
 * proto (snake_case) names, int64 as strings or safe-integer numbers, enums by name or number, `null` as
 * absent, unknown fields dropped. The result holds only the fields present, as int64 strings and enum names.
 *
 * Failures are `WebhookError`s whose message starts with the JSON path: `malformed_body` for a value of the
 * wrong type (`invalid_event` when `strict`), and always `malformed_body` for an int64 sent as an unsafe JSON
 * number, whose precision is already gone. Unknown enum names are dropped (strict: `invalid_event`); enum
 * numbers without a name are kept as numbers.
 *
 * The input is never modified, but the result may share objects and arrays with it (it is `value` itself when
 * nothing needed rewriting), so copy before mutating either one.
 *
 * @example
 * ```ts
 * const event = decodeWebhookEvent(JSON.parse(body), { strict: true });
 * if (event.event === 'room_started') console.log(event.room.name, event.room.creationTime);
 * ```
 */
export function decodeWebhookEvent(value: unknown, options: DecodeOptions & { strict: true }): WebhookEvent;
export function decodeWebhookEvent(value: unknown, options?: DecodeOptions): LooseWebhookEvent;
export function decodeWebhookEvent(value: unknown, options?: DecodeOptions): LooseWebhookEvent {
  const strict = options?.strict === true;
  if (!isObject(value)) {
    throw new WebhookError(
      'malformed_body',
      `body: expected a JSON object (a WebhookEvent), got ${preview(value)}`,
    );
  }
  let event: LooseWebhookEvent;
  try {
    event = decodeMessage(value, WEBHOOK_EVENT_DESCRIPTOR, strict) as LooseWebhookEvent;
  } catch (err) {
    if (err instanceof FieldFailure) throw toWebhookError(err, strict);
    throw err;
  }
  if (strict) checkCatalog(event);
  return event;
}

function checkCatalog(event: LooseWebhookEvent): void {
  const name = event.event;
  if (name === undefined)
    throw new WebhookError('invalid_event', 'event: missing (the event name is required)');
  if (!isAnyWebhookEventName(name))
    throw new WebhookError('invalid_event', `event: unknown event name ${preview(name)}`);
  const missing = missingPayloadField(name, event);
  if (missing !== undefined) {
    throw new WebhookError('invalid_event', `${missing}: missing; every ${name} event carries it`);
  }
}
