/**
 * Formats an instant the way VideoSDK writes `start` and `end`: ISO-8601 in UTC with milliseconds and a
 * `+00:00` offset (e.g. `2022-07-05T15:55:35.047+00:00`), rather than JavaScript's `Z`. Returns `undefined` for
 * an instant outside the range a `Date` can represent (±8.64e15 ms), or one that is not a finite number.
 *
 * @example
 * ```ts
 * formatVideoSdkTimestamp(1739900000123); // '2025-02-18T17:33:20.123+00:00'
 * ```
 */
export function formatVideoSdkTimestamp(epochMilliseconds: number): string | undefined {
  const date = new Date(epochMilliseconds);
  if (Number.isNaN(date.getTime())) return undefined;
  const iso = date.toISOString();
  // Years beyond 9999 come out as `+010000-…`; still ISO-8601 (expanded), so only the zone suffix changes.
  return `${iso.slice(0, -1)}+00:00`;
}
