/**
 * Parsing of query-string and body values shared by the admin routes: times (ISO or relative), page limits
 * and cursors. Each throws a 400 {@link ApiError} naming the parameter.
 */
import { ApiError } from './errors.js';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

function bad(name: string, message: string): ApiError {
  return new ApiError(400, 'invalid_parameter', `${name}: ${message}`);
}

/**
 * A point in time, in ms: an ISO 8601 time, ms since the epoch, or a duration back from `now` (`90s`, `15m`,
 * `1h`, `7d`) — the last is what people type when replaying "the last hour".
 */
export function parseTime(value: unknown, name: string, now: number): number {
  const ms = parseTimeValue(value, name, now);
  // JavaScript dates (and the stores' bigint columns) end at ±8.64e15 ms: beyond that a time is a mistake.
  if (!(Math.abs(ms) <= MAX_TIME_MS)) throw bad(name, 'out of range for a time');
  return ms;
}

const MAX_TIME_MS = 8.64e15;

function parseTimeValue(value: unknown, name: string, now: number): number {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value !== 'string' || value.trim() === '') {
    throw bad(name, 'expected an ISO time (2026-01-01T00:00:00Z), ms since the epoch, or a duration like 1h');
  }
  const text = value.trim();
  const relative = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/.exec(text);
  if (relative) return now - Number(relative[1]) * UNIT_MS[relative[2]!]!;
  if (/^\d+$/.test(text)) return Number(text);
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) throw bad(name, `not a time: ${JSON.stringify(text)}`);
  return ms;
}

export function parseOptionalTime(value: unknown, name: string, now: number): number | undefined {
  return value === undefined ? undefined : parseTime(value, name, now);
}

/** A page size from 1 to 1000; default 100. */
export function parseLimit(value: unknown): number {
  if (value === undefined) return 100;
  const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : NaN;
  if (!(n >= 1 && n <= 1000)) throw bad('limit', 'expected an integer from 1 to 1000');
  return n;
}

/** Cursors are the last row's sequence number: opaque to clients, stable while rows are added. */
export function parseCursor(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !/^\d{1,15}$/.test(value))
    throw bad('cursor', 'not a cursor from a previous page');
  return Number(value);
}

/** A numeric id in a route parameter. */
export function parseId(value: string, name: string): number {
  if (!/^\d{1,15}$/.test(value)) throw bad(name, 'expected a numeric id');
  return Number(value);
}

/** One page out of `limit + 1` rows fetched: the extra row only says whether a next page exists. */
export function page<T>(
  rows: T[],
  limit: number,
  cursorOf: (row: T) => number,
): { rows: T[]; nextCursor: string | null } {
  if (rows.length <= limit) return { rows, nextCursor: null };
  const kept = rows.slice(0, limit);
  return { rows: kept, nextCursor: String(cursorOf(kept[kept.length - 1]!)) };
}
