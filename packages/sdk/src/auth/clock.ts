import { WebhookError } from '../errors.js';
import { describe } from './raw-body.js';

/** The only clock the SDK reads: milliseconds since the epoch, injectable so tests are deterministic. */
export type Clock = () => number;

/**
 * Reads `now` (default `Date.now`). A clock that returns NaN would make every expiry comparison false and so
 * accept any token, hence the check.
 */
export function readClock(now: Clock | undefined): number {
  let ms: unknown;
  try {
    ms = (now ?? Date.now)();
  } catch (cause) {
    throw new WebhookError('invalid_key', 'the now() clock threw', { cause });
  }
  if (typeof ms !== 'number' || !Number.isFinite(ms)) {
    throw new WebhookError('invalid_key', `now() must return finite milliseconds, got ${describe(ms)}`);
  }
  return ms;
}

/** Validates a tolerance option in seconds: a finite number ≥ 0. */
export function checkSeconds(name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new WebhookError(
      'invalid_key',
      `${name} must be a finite number of seconds ≥ 0, got ${describe(value)}`,
    );
  }
  return value;
}
