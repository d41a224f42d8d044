/**
 * Retention: removing old, fully delivered events with their deliveries and attempts, in small batches.
 */
import { PRUNE_SCAN_FACTOR, type PruneResult } from '../contract.js';
import type { Queryable } from './connection.js';

/**
 * A window of the oldest events after the sweep's cursor: bounded work per call, whatever long run of events
 * that must stay (a backlog, kept failures) lies at the front of the table.
 */
const SCAN = `SELECT seq, published_at < $1 AS old FROM events WHERE seq > $2 ORDER BY seq LIMIT $3`;

/**
 * One batch in one statement, among the scanned candidates. An event goes only when every delivery of it is
 * `delivered` or `not_applicable` and finished before the cut-off: failed and abandoned ones stay, retryable by
 * hand. Candidates are locked with `FOR UPDATE SKIP LOCKED`, so two processes pruning at once split the work
 * instead of queueing behind each other, and a batch never waits on anyone. The three DELETEs run in one
 * statement; the foreign key from deliveries to events is checked at its end, when all three are done.
 */
const PRUNE_EVENTS = `
  WITH doomed AS (
    SELECT e.seq FROM events e
    WHERE e.seq = ANY($2::bigint[]) AND NOT EXISTS (
      SELECT 1 FROM deliveries d
      WHERE d.event_seq = e.seq AND (d.status NOT IN ('delivered', 'not_applicable') OR d.updated_at >= $1))
    ORDER BY e.seq
    LIMIT $3
    FOR UPDATE SKIP LOCKED
  ), gone AS (
    SELECT d.id FROM deliveries d WHERE d.event_seq IN (SELECT seq FROM doomed)
  ), gone_attempts AS (
    DELETE FROM attempts WHERE delivery_id IN (SELECT id FROM gone)
  ), gone_deliveries AS (
    DELETE FROM deliveries WHERE id IN (SELECT id FROM gone)
  )
  DELETE FROM events WHERE seq IN (SELECT seq FROM doomed)
  RETURNING seq`;

/**
 * Idle lane rows (no active member) are only lock anchors, and `none`-ordered endpoints make one per event:
 * they go too. Deleting one is always safe, even racing a publisher: the next transaction that needs the lane
 * re-creates the row through the same `INSERT … ON CONFLICT` that locks it (see lanes.ts).
 */
const PRUNE_LANES = `
  DELETE FROM lanes WHERE (endpoint_id, lane) IN (
    SELECT l.endpoint_id, l.lane FROM lanes l
    WHERE NOT EXISTS (
      SELECT 1 FROM deliveries d
      WHERE d.endpoint_id = l.endpoint_id AND d.lane = l.lane AND d.status IN ('queued', 'pending', 'in_flight'))
    LIMIT $1
    FOR UPDATE SKIP LOCKED)`;

/** One step of a sweep from `cursor` (the last seq examined; 0 to start over); returns the next cursor. */
export async function prune(
  db: Queryable,
  olderThan: number,
  limit: number,
  cursor: number,
): Promise<PruneResult & { cursor: number }> {
  const window = Math.max(1, limit) * PRUNE_SCAN_FACTOR;
  const { rows: scanned } = await db.query<{ seq: number; old: boolean }>(SCAN, [olderThan, cursor, window]);
  const firstNew = scanned.findIndex((r) => !r.old);
  const candidates = (firstNew < 0 ? scanned : scanned.slice(0, firstNew)).map((r) => r.seq);
  const { rows: deleted } =
    candidates.length > 0
      ? await db.query<{ seq: number }>(PRUNE_EVENTS, [olderThan, candidates, limit])
      : { rows: [] };
  await db.query(PRUNE_LANES, [limit]);
  if (deleted.length === limit) {
    return { removed: limit, more: true, cursor: Math.max(...deleted.map((r) => r.seq)) };
  }
  const more = firstNew < 0 && scanned.length === window;
  return { removed: deleted.length, more, cursor: more ? candidates.at(-1)! : 0 };
}
