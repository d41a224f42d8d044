/**
 * Lane serialisation: the part that makes several processes safe.
 *
 * The invariant (shared with SQLite) is that a lane has at most one `pending`/`in_flight` member, its head, and
 * that members are served in id order. In SQLite a single writer keeps it for free. In PostgreSQL, under READ
 * COMMITTED, two publishers into an idle lane would each see "no active member" and both insert a `pending`
 * head; and a publisher racing the process that finishes the head could insert a `queued` member just as the
 * finisher looks for someone to promote and finds no one — a lane stuck forever. So every transaction that
 * changes who a lane's head is (publish, the record of a final verdict, retryDelivery, replay) first locks the
 * lane, with `roomhooks_lock_lanes` (migration 001).
 *
 * - Why a `lanes` table and not `pg_advisory_xact_lock(hashtext(endpoint || lane))`: a publish batch touches
 *   hundreds or thousands of lanes, and every advisory lock takes a slot in the server's shared lock table
 *   (`max_locks_per_transaction` × connections), which a big batch can exhaust ("out of shared memory"). Row
 *   locks live in the tuples and cost no shared memory; hash collisions, harmless but real, also disappear.
 * - Why `INSERT … ON CONFLICT DO UPDATE`: it is the one statement that both creates a missing row and locks an
 *   existing one atomically — a concurrent inserter of the same new key waits on the unique index, then locks
 *   the row it finds. (`DO NOTHING` would not lock an existing row, and `SELECT … FOR UPDATE` cannot see a row
 *   another transaction is inserting.) The no-op `SET` rewrites the row as a HOT update, cheap to reclaim.
 * - Why sorted: every transaction locks lanes in the same order, so two batches sharing lanes never deadlock.
 * - After the lock, the inserting statement must be a statement of its own: READ COMMITTED takes a fresh
 *   snapshot per statement (PL/pgSQL too, in a VOLATILE function), so once the lock is ours the "is the lane
 *   busy?" check sees everything the previous holder committed. `roomhooks_enqueue` makes a delivery its lane's
 *   `pending` head when the lane has no active member and it is the batch's first for that lane
 *   (`row_number()` in input order), `queued` otherwise. Ids come from the identity in input order, and since a
 *   lane's next writer waits for our commit, ids in a lane follow commit order.
 * - A lane row means nothing beyond being lockable: prune deletes idle ones (`none`-ordered endpoints make one
 *   per event), and the next transaction that needs the lane re-creates it through the same statement.
 */
import type { Queryable } from './connection.js';

/** A lane's identity. */
export interface LaneKey {
  endpointId: string;
  lane: string;
}

export async function lockLanes(db: Queryable, lanes: readonly LaneKey[]): Promise<void> {
  if (lanes.length === 0) return;
  await db.query(`SELECT roomhooks_lock_lanes($1, $2)`, [
    lanes.map((l) => l.endpointId),
    lanes.map((l) => l.lane),
  ]);
}

/** A delivery to append at the tail of its lane. */
export interface EnqueueRow {
  eventSeq: number;
  endpointId: string;
  lane: string;
  applicable: boolean;
}

/** Appends deliveries to their lanes (see above); returns how many applicable ones were queued. */
export async function enqueue(
  db: Queryable,
  rows: readonly EnqueueRow[],
  now: number,
  channel: string,
  payload: string,
): Promise<number> {
  if (rows.length === 0) return 0;
  const { rows: out } = await db.query<{ queued: number }>(
    `SELECT roomhooks_enqueue($1, $2, $3, $4, $5, $6, $7) AS queued`,
    [
      rows.map((r) => r.eventSeq),
      rows.map((r) => r.endpointId),
      rows.map((r) => r.lane),
      rows.map((r) => r.applicable),
      now,
      channel,
      payload,
    ],
  );
  return out[0]?.queued ?? 0;
}
