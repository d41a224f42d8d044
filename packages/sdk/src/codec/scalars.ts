import { FieldFailure, preview } from './field-failure.js';

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;
const UINT32_MAX = 4294967295;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

/** True for `0` or `-?[1-9][0-9]*`: already in the form Go writes, so it can be kept as is. */
function isCanonicalInteger(text: string): boolean {
  const n = text.length;
  if (n === 0) return false;
  let i = text.charCodeAt(0) === 45 /* - */ ? 1 : 0;
  if (i === n) return false;
  const first = text.charCodeAt(i);
  if (first === 48 /* 0 */) return n === 1;
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

const LOOSE_INTEGER = /^-?\d+$/;

/**
 * An int64/uint64 from protojson (a decimal string or a JSON number) to its canonical decimal string.
 * A JSON number that is not a safe integer is refused: JSON.parse already rounded it, and keeping the rounded
 * value would silently change an id or a nanosecond time.
 */
export function toInt64String(value: unknown, unsigned: boolean): string {
  const type = unsigned ? 'uint64' : 'int64';
  let text: string;
  if (typeof value === 'string') {
    if (isCanonicalInteger(value) && value.length < 19) {
      if (unsigned && value.charCodeAt(0) === 45)
        throw new FieldFailure(`expected an ${type}, got ${preview(value)}`);
      return value;
    }
    if (!LOOSE_INTEGER.test(value))
      throw new FieldFailure(`expected an ${type} as a decimal string, got ${preview(value)}`);
    text = value;
  } else if (typeof value === 'number') {
    if (!Number.isInteger(value)) throw new FieldFailure(`expected an ${type}, got ${preview(value)}`);
    if (!Number.isSafeInteger(value)) {
      throw new FieldFailure(
        `${type} ${preview(value)} was sent as a JSON number beyond 2^53 and has lost precision; send it as a string`,
        'malformed_body',
      );
    }
    text = String(value);
  } else if (typeof value === 'bigint') {
    text = value.toString();
  } else {
    throw new FieldFailure(`expected an ${type} (a decimal string), got ${preview(value)}`);
  }
  const big = BigInt(text);
  if (unsigned ? big < 0n || big > UINT64_MAX : big < INT64_MIN || big > INT64_MAX) {
    throw new FieldFailure(`${preview(value)} is out of range for an ${type}`);
  }
  return big.toString();
}

/** An int32/uint32 from a JSON number or a decimal string (protojson accepts both). */
export function toInt32(value: unknown, unsigned: boolean): number {
  let n: number;
  if (typeof value === 'number') n = value;
  else if (typeof value === 'string' && LOOSE_INTEGER.test(value)) n = Number(value);
  else throw new FieldFailure(`expected a ${unsigned ? 'uint32' : 'int32'}, got ${preview(value)}`);
  if (!Number.isInteger(n) || (unsigned ? n < 0 || n > UINT32_MAX : n < INT32_MIN || n > INT32_MAX)) {
    throw new FieldFailure(
      unsigned
        ? `expected a uint32 (a whole number 0..4294967295), got ${preview(value)}`
        : `expected an int32 (a whole number in 32 bits), got ${preview(value)}`,
    );
  }
  return n === 0 ? 0 : n; // folds -0
}

const FLOAT_TEXT = /^-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** A double from a JSON number, a numeric string, or `"NaN"` / `"Infinity"` / `"-Infinity"`. */
export function toDouble(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string') {
    if (value === 'NaN') return NaN;
    if (value === 'Infinity') return Infinity;
    if (value === '-Infinity') return -Infinity;
    if (FLOAT_TEXT.test(value)) {
      const n = Number(value);
      if (Number.isFinite(n)) return n;
    }
  }
  throw new FieldFailure(`expected a number, got ${preview(value)}`);
}

/** A double as Go protojson writes it: shortest round-trip form, `"NaN"`/`"Infinity"` quoted, `-0` kept. */
export function formatDouble(n: number): string {
  if (Number.isFinite(n)) return n === 0 && Object.is(n, -0) ? '-0' : String(n);
  return Number.isNaN(n) ? '"NaN"' : n > 0 ? '"Infinity"' : '"-Infinity"';
}

/** Map keys in Unicode code point order (UTF-8 byte order), which is how Go sorts map keys. */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    // UTF-16 puts surrogates (astral code points) below U+E000..U+FFFF; code point order puts them above.
    if (x >= 0xd800 && x <= 0xdfff) x += 0x2800;
    if (y >= 0xd800 && y <= 0xdfff) y += 0x2800;
    return x - y;
  }
  return a.length - b.length;
}

const BASE64 = /^[A-Za-z0-9+/\-_]*={0,2}$/;

/**
 * A protobuf `bytes` value from protojson (base64, standard or URL-safe alphabet, padded or not, as Go's
 * protojson reads it) to standard padded base64, the form Go writes.
 */
export function toBase64(value: unknown): string {
  if (typeof value !== 'string' || !BASE64.test(value)) {
    throw new FieldFailure(`expected base64 bytes, got ${preview(value)}`);
  }
  const bare = value.replace(/=+$/, '').replace(/-/g, '+').replace(/_/g, '/');
  if (bare.length % 4 === 1 || (value.length > bare.length && value.length % 4 !== 0)) {
    throw new FieldFailure(`expected base64 bytes, got ${preview(value)}`);
  }
  return bare + '='.repeat((4 - (bare.length % 4)) % 4);
}
