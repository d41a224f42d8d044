/**
 * When to try again. Pure functions of the attempt's outcome, the schedule, a random source and the clock.
 */
import type { Random } from '../clock.js';

/** Delays in ms before each attempt (index 0 = first attempt, usually 0), with ± jitter as a fraction. */
export interface RetrySchedule {
  delaysMs: readonly number[];
  jitter: number;
}

const S = 1000;
const M = 60 * S;
const H = 60 * M;

/** Immediately, 1 s, 5 s, 30 s, 2 min, 10 min, 30 min, 1 h, 2 h, 4 h, 8 h, 12 h — about 27 h in all, ±20 %. */
export const DEFAULT_RETRY: RetrySchedule = {
  delaysMs: [0, S, 5 * S, 30 * S, 2 * M, 10 * M, 30 * M, H, 2 * H, 4 * H, 8 * H, 12 * H],
  jitter: 0.2,
};

/** LiveKit's own notifier (go-retryablehttp defaults): 5 attempts, waits of 1, 2, 4 and 8 s. */
export const LIVEKIT_RETRY: RetrySchedule = { delaysMs: [0, S, 2 * S, 4 * S, 8 * S], jitter: 0 };

/** Longest `Retry-After` we honour; a server asking for more is treated as asking for this. */
export const MAX_RETRY_AFTER_MS = 24 * H;

/** What an HTTP outcome means for the delivery. */
export type OutcomeClass = 'success' | 'retry' | 'fail' | 'gone';

/**
 * Classifies an attempt. `statusCode` is undefined when no response came (connection error, timeout).
 * 2xx succeed; connection errors, timeouts, 408, 425, 429 and 5xx except 501 are retried; 410 disables the
 * endpoint; every other status (other 4xx, 501, 1xx/3xx — redirects are not followed) fails the delivery.
 */
export function classifyOutcome(statusCode: number | undefined): OutcomeClass {
  if (statusCode === undefined) return 'retry';
  if (statusCode >= 200 && statusCode < 300) return 'success';
  if (statusCode === 410) return 'gone';
  if (statusCode === 408 || statusCode === 425 || statusCode === 429) return 'retry';
  if (statusCode >= 500 && statusCode !== 501) return 'retry';
  return 'fail';
}

/**
 * The time of the next attempt after `attemptsMade` attempts, or undefined when the schedule is exhausted.
 * A `Retry-After` later than the schedule wins (capped at {@link MAX_RETRY_AFTER_MS}).
 */
export function nextAttemptAt(
  schedule: RetrySchedule,
  attemptsMade: number,
  now: number,
  random: Random,
  retryAfterMs?: number,
): number | undefined {
  const base = schedule.delaysMs[attemptsMade];
  if (base === undefined) return undefined;
  const jittered = base * (1 + schedule.jitter * (2 * random() - 1));
  const wait = Math.max(jittered, Math.min(retryAfterMs ?? 0, MAX_RETRY_AFTER_MS));
  return now + Math.round(wait);
}

/** Parses `Retry-After` (seconds or an HTTP date) into a wait in ms; undefined when absent or unreadable. */
export function parseRetryAfter(header: string | undefined, now: number): number | undefined {
  if (header === undefined || header === '') return undefined;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  // An HTTP date names its day and month; without the letter check V8's lenient Date.parse reads "-5" as a year.
  if (!/^[A-Za-z]{3},? /.test(trimmed)) return undefined;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
