/** Which event names a webhook URL receives (LiveKit's `FilterParams`: `include_events` / `exclude_events`). */
export interface EventFilter {
  /** When non-empty, only these names pass and `exclude` is ignored. */
  include?: readonly string[];
  /** Names that do not pass; applies only when `include` is absent or empty. */
  exclude?: readonly string[];
}

/**
 * LiveKit's filter rule (protocol `webhook/filter.go`): a non-empty include list wins and allows only the
 * listed names; otherwise the exclude list applies. No filter passes everything.
 *
 * @example
 * ```ts
 * matchesEventFilter('room_started', { include: ['room_started'], exclude: ['room_started'] }); // true
 * matchesEventFilter('track_published', { include: [], exclude: ['track_published'] }); // false
 * ```
 */
export function matchesEventFilter(name: string, filter?: EventFilter): boolean {
  if (filter === undefined) return true;
  const { include, exclude } = filter;
  if (include !== undefined && include.length > 0) return include.includes(name);
  return exclude === undefined || !exclude.includes(name);
}
