/**
 * Flag parsing on top of node:util `parseArgs`, with its errors turned into {@link UsageError}s, plus the value
 * parsers verbs share (durations, integers, times).
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './exit-codes.js';

/** Flags every verb accepts. */
export const COMMON_OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  json: { type: 'boolean' },
} as const satisfies NonNullable<ParseArgsConfig['options']>;

/**
 * `parseArgs` whose errors are usage errors. Pass `strict: true` and spread {@link COMMON_OPTIONS} into
 * `options`; the message of parseArgs is kept (it names the flag), minus its advice about `--`.
 *
 * @example
 * ```ts
 * const { values } = parseFlags({ args: argv, strict: true, options: { ...COMMON_OPTIONS, port: { type: 'string' } } });
 * ```
 */
export function parseFlags<const T extends ParseArgsConfig>(config: T): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    throw new UsageError(
      message
        .replace(/\. To specify a positional argument.*$/s, '')
        .replace(/^Unknown option/, 'unknown flag'),
    );
  }
}

const UNITS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * A duration such as `1500ms`, `60s`, `5m`, `1h`, `2d` or `1h30m`; a bare number is seconds. Returns ms.
 *
 * @example
 * ```ts
 * parseDuration('--duration', '1m30s'); // 90000
 * ```
 */
export function parseDuration(flag: string, text: string): number {
  const trimmed = text.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const parts = [...trimmed.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== trimmed) {
    throw new UsageError(
      `${flag}: expected a duration such as 30s, 5m, 1h or 1h30m, got ${JSON.stringify(text)}`,
    );
  }
  return Math.round(parts.reduce((ms, p) => ms + Number(p[1]) * UNITS[p[2]!]!, 0));
}

/** A whole number within bounds. */
export function parseInteger(flag: string, text: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const value = Number(text);
  if (!/^-?\d+$/.test(text.trim()) || !Number.isSafeInteger(value) || value < min || value > max) {
    throw new UsageError(
      `${flag}: expected a whole number from ${min} to ${max}, got ${JSON.stringify(text)}`,
    );
  }
  return value;
}

/** A positive number (decimals allowed). */
export function parsePositive(flag: string, text: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value <= 0) {
    throw new UsageError(`${flag}: expected a positive number, got ${JSON.stringify(text)}`);
  }
  return value;
}

/**
 * A point in time: an ISO-8601 date, Unix seconds, or a duration meaning "that long before `nowMs`"
 * (`1h` = an hour ago). Returns ms since the epoch.
 */
export function parseTime(flag: string, text: string, nowMs: number): number {
  const trimmed = text.trim();
  if (/^\d{9,11}$/.test(trimmed)) return Number(trimmed) * 1000;
  if (/^\d+(\.\d+)?(ms|s|m|h|d)/.test(trimmed)) return nowMs - parseDuration(flag, trimmed);
  const ms = Date.parse(trimmed);
  if (/^\d{4}-\d{2}-\d{2}/.test(trimmed) && Number.isFinite(ms)) return ms;
  throw new UsageError(
    `${flag}: expected a duration ago (30m, 1h, 2d), an ISO time (2025-02-18T17:33:20Z) or Unix seconds, got ${JSON.stringify(text)}`,
  );
}

/** A required flag's value, or a usage error naming it. */
export function required<T>(flag: string, value: T | undefined): T {
  if (value === undefined) throw new UsageError(`${flag} is required`);
  return value;
}
