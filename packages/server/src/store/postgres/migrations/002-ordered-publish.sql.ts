/**
 * Migration 2: publishes take one lock per schema before inserting, so event `seq`s become visible in order.
 *
 * Why: an identity column hands out `seq` at INSERT, not at commit. Two overlapping publishes could take 10
 * and 11 and commit 11 first; a reader following the log by `seq > last` (the room hub, the dashboard's live
 * feed) that read in between would move past 10 and never see it. Holding a transaction-scoped advisory lock
 * from before the INSERT to the commit makes assignment order equal commit order. Publishes are short (one
 * function call), and the lock is taken before any lane lock, the same order in every publisher, so it adds
 * no deadlock. Keyed by schema: tenants (and tests) in other schemas do not wait on each other.
 */
export const name = 'ordered-publish';

export const sql = `
ALTER FUNCTION roomhooks_publish(
  text[], text[], text[], text[], bigint[], text[], integer[], text[], text[], boolean[], bigint, text, text)
  RENAME TO roomhooks_publish_batch;

CREATE FUNCTION roomhooks_publish(
  e_id text[], e_name text[], e_room text[], e_key text[], e_created bigint[], e_body text[],
  d_event integer[], d_endpoint text[], d_lane text[], d_applicable boolean[], now_ms bigint, channel text,
  payload text)
RETURNS SETOF text
LANGUAGE plpgsql VOLATILE AS $fn$
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('roomhooks:publish:' || current_schema()));
  RETURN QUERY SELECT roomhooks_publish_batch(e_id, e_name, e_room, e_key, e_created, e_body, d_event,
    d_endpoint, d_lane, d_applicable, now_ms, channel, payload);
END
$fn$;
`;
