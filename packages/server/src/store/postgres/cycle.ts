/**
 * Recording outcomes and claiming lane heads across processes: the scheduler's steady state, in one round trip.
 *
 * `claim`, `record` and `cycle` all call the `roomhooks_cycle` function (migration 001) — one statement, so one
 * transaction without BEGIN/COMMIT round trips, with plans cached by PL/pgSQL. Its three steps:
 *
 * 1. Lock the lanes whose head reaches a final verdict (`lanes.ts` explains the lane lock). A retry keeps its
 *    head and needs no lock.
 * 2. One statement of data-modifying CTEs over the batch. It logs every attempt (even a fenced-out one: it
 *    happened); finishes the deliveries still `in_flight` under *our* lease — the lease token fences a process
 *    whose lease expired and whose delivery another process took over, so its late outcome can neither end the
 *    other's attempt nor promote the lane's next member while that attempt is out (a record without a token,
 *    from another store instance, is not fenced); and promotes each freed lane's next member. All CTEs share
 *    one snapshot in which the finished head still looks active, so "next" is the lowest active id *other than
 *    the head*. The lanes were locked by the previous statement, so this snapshot holds every committed publish.
 * 3. Claim, every slot at once: a `LATERAL` subquery per endpoint takes up to its limit of claimable rows —
 *    `pending` and due, or `in_flight` with an expired lease (its owner died): `due_at` is the one stored
 *    column for both, so one partial index serves the claim; a probe slot (open circuit) takes the earliest
 *    pending head even before it is due. `FOR UPDATE SKIP LOCKED` skips rows another process is claiming right
 *    now instead of waiting, and sits below the LIMIT so skipped rows don't eat into it. A row another process
 *    claimed and committed after our snapshot is re-checked on its newest version, where it is `in_flight`
 *    under a live lease, and dropped — so no delivery is ever handed to two processes at once. Lane order needs
 *    nothing more: only a lane's head is ever `pending`. The new `lease_until` is returned as the claim's
 *    fencing token.
 */
import type { AttemptRecord, ClaimSlot, ClaimedDelivery } from '../contract.js';
import type { Queryable } from './connection.js';

const CYCLE = {
  // Named: prepared once per connection.
  name: 'roomhooks_cycle',
  text: `SELECT * FROM roomhooks_cycle($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)`,
};

interface ClaimRow {
  id: number;
  endpoint_id: string;
  lane: string;
  attempts: number;
  lease_until: number;
  event_id: string;
  event_name: string;
  event_created_at: number;
  body: string;
}

/**
 * Records `attempts` and claims for `slots`. `leases` holds this instance's fencing tokens: read for the
 * records, filled with the claims (the caller forgets recorded ones once this has committed).
 */
export async function cycle(
  db: Queryable,
  attempts: readonly AttemptRecord[],
  now: number,
  slots: readonly ClaimSlot[],
  defaultLeaseMs: number,
  leases: Map<number, number>,
  asyncCommit: boolean,
): Promise<ClaimedDelivery[]> {
  const live = slots.filter((s) => s.limit > 0);
  if (attempts.length === 0 && live.length === 0) return [];
  const { rows } = await db.query<ClaimRow>({
    ...CYCLE,
    values: [
      attempts.map((a) => a.deliveryId),
      attempts.map((a) => a.endpointId),
      attempts.map((a) => a.lane),
      attempts.map((a) => a.startedAt),
      attempts.map((a) => a.durationMs),
      attempts.map((a) => a.statusCode ?? null),
      attempts.map((a) => a.verdict.kind),
      attempts.map((a) => a.error ?? null),
      attempts.map((a) => a.response ?? null),
      attempts.map((a) => (a.verdict.kind === 'retry' ? a.verdict.nextAttemptAt : null)),
      attempts.map((a) => leases.get(a.deliveryId) ?? null),
      live.map((s) => s.endpointId),
      live.map((s) => s.limit),
      live.map((s) => s.probe),
      live.map((s) => Math.max(1, Math.ceil(s.leaseMs ?? defaultLeaseMs))),
      now,
      asyncCommit,
    ],
  });
  // RETURNING has no defined order; hand heads out oldest first, as SQLite does.
  rows.sort((a, b) => a.id - b.id);
  return rows.map((r) => {
    leases.set(r.id, r.lease_until);
    return {
      id: r.id,
      endpointId: r.endpoint_id,
      lane: r.lane,
      attempts: r.attempts,
      eventId: r.event_id,
      eventName: r.event_name,
      eventCreatedAt: r.event_created_at,
      body: r.body,
    };
  });
}

/** Forgets the fencing tokens of recorded deliveries: only once their transaction has committed. */
export function forgetLeases(attempts: readonly AttemptRecord[], leases: Map<number, number>): void {
  for (const a of attempts) leases.delete(a.deliveryId);
}
