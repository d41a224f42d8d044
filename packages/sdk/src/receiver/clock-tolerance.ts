import { WebhookError } from '../errors.js';

const DURATION = /^(\d+(?:\.\d+)?) ?(s|secs?|seconds?|m|mins?|minutes?|h|hrs?|hours?|d|days?)?$/i;
const UNIT_SECONDS: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3600, d: 86_400 };

/**
 * Turns a clock tolerance into seconds: a number is seconds already; a string is a number with an optional
 * unit (`'10s'`, `'2m'`, `'1 hour'`, `'30'`), the forms livekit-server-sdk's `receive` accepts.
 *
 * @throws {WebhookError} `invalid_key` for a negative, non-finite or unreadable value.
 * @example
 * ```ts
 * toToleranceSeconds('2m'); // 120
 * ```
 */
export function toToleranceSeconds(value: number | string): number {
  if (typeof value === 'number') {
    if (Number.isFinite(value) && value >= 0) return value;
  } else if (typeof value === 'string') {
    const match = DURATION.exec(value.trim());
    if (match !== null) {
      const unit = (match[2] ?? 's').charAt(0).toLowerCase();
      return Number(match[1]) * (UNIT_SECONDS[unit] ?? 1);
    }
  }
  throw new WebhookError(
    'invalid_key',
    `clock tolerance must be seconds ≥ 0 or a duration such as "10s" or "2m", got ${JSON.stringify(value) ?? typeof value}`,
  );
}
