/**
 * Migration 1: events, endpoints, deliveries, attempts, settings, and `lanes` (the per-lane lock anchor).
 * Runs inside the schema chosen by the store (`search_path`); never edit it once released: add the next file.
 */
export const name = 'initial';

export const sql = `
CREATE TABLE events (
  seq          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id           text NOT NULL UNIQUE,
  name         text NOT NULL,
  room         text,
  ordering_key text NOT NULL,
  created_at   bigint NOT NULL,
  published_at bigint NOT NULL,
  body         text NOT NULL
);
CREATE INDEX events_created_at ON events (created_at);
CREATE INDEX events_room ON events (room, seq);

CREATE TABLE endpoints (
  id           text PRIMARY KEY,
  spec         text NOT NULL,
  state        text NOT NULL DEFAULT 'active' CHECK (state IN ('active', 'paused', 'disabled')),
  state_reason text,
  created_at   bigint NOT NULL,
  updated_at   bigint NOT NULL
);

CREATE TABLE deliveries (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  event_seq        bigint NOT NULL REFERENCES events (seq),
  endpoint_id      text NOT NULL,
  lane             text NOT NULL,
  status           text NOT NULL CHECK (status IN
                     ('queued', 'pending', 'in_flight', 'delivered', 'failed', 'abandoned', 'not_applicable')),
  attempts         integer NOT NULL DEFAULT 0,
  next_attempt_at  bigint,
  -- Set while in_flight: until then the claiming process owns the delivery; after it, any process may take
  -- it over (its owner is presumed dead). Also the owner's fencing token when it records the outcome.
  lease_until      bigint,
  last_status_code integer,
  last_error       text,
  updated_at       bigint NOT NULL,
  -- When a claim may take this row: a pending head when it is due, an in-flight one when its lease runs out.
  -- Stored, so that one partial index serves both kinds of claim.
  due_at           bigint GENERATED ALWAYS AS
                     (CASE WHEN status = 'in_flight' THEN lease_until ELSE next_attempt_at END) STORED
);
-- A lane's waiting members in order: "is the lane busy?" at publish and "who is next?" when a head finishes.
-- Partial, so finished deliveries leave it.
CREATE INDEX deliveries_lane ON deliveries (endpoint_id, lane, id)
  WHERE status IN ('queued', 'pending', 'in_flight');
-- Claimable rows only: lane heads (pending) and leased ones (in_flight). Its size is the number of busy lanes,
-- whatever the backlog of queued deliveries behind them.
CREATE INDEX deliveries_due ON deliveries (endpoint_id, due_at, id) WHERE status IN ('pending', 'in_flight');
CREATE INDEX deliveries_event ON deliveries (event_seq);

-- No foreign key to deliveries: attempts are only ever written by roomhooks_cycle for deliveries it has just
-- claimed, and removed with them by prune; the key's per-row check would cost a quarter of recording a batch.
CREATE TABLE attempts (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  delivery_id bigint NOT NULL,
  started_at  bigint NOT NULL,
  duration_ms double precision NOT NULL,
  status_code integer,
  outcome     text NOT NULL,
  error       text,
  response    text
);
CREATE INDEX attempts_delivery ON attempts (delivery_id);

-- One row per (endpoint, lane) that has been used: the row every transaction that changes who a lane's head is
-- (publish, record, retry, replay) locks first. See lanes.ts for why a table and not advisory locks. A row
-- carries no meaning beyond being lockable; prune removes idle ones and the next user re-creates it.
CREATE TABLE lanes (
  endpoint_id text NOT NULL,
  lane        text NOT NULL,
  PRIMARY KEY (endpoint_id, lane)
);

CREATE TABLE settings (
  key   text PRIMARY KEY,
  value text NOT NULL
);

-- Locks lanes until the transaction ends, creating the rows of lanes never seen before. Why a table, and why
-- INSERT … ON CONFLICT DO UPDATE over sorted input: see lanes.ts.
CREATE FUNCTION roomhooks_lock_lanes(l_endpoint text[], l_lane text[]) RETURNS void
LANGUAGE sql VOLATILE AS $fn$
  INSERT INTO lanes (endpoint_id, lane)
  SELECT DISTINCT t.e, t.l FROM unnest(l_endpoint, l_lane) AS t(e, l) ORDER BY t.e, t.l
  ON CONFLICT (endpoint_id, lane) DO UPDATE SET lane = excluded.lane;
$fn$;

-- Appends deliveries at the tail of their lanes: locks the lanes, then (a statement of its own, so a fresh
-- snapshot that holds everything the previous lock holder committed) inserts each as its lane's pending head
-- when the lane is idle and it is the batch's first for that lane, queued otherwise; notifies other processes
-- when a head was created. Returns how many applicable deliveries were queued. See lanes.ts.
CREATE FUNCTION roomhooks_enqueue(
  d_event_seq bigint[], d_endpoint text[], d_lane text[], d_applicable boolean[], now_ms bigint, channel text,
  payload text)
RETURNS integer
LANGUAGE plpgsql VOLATILE AS $fn$
DECLARE
  v_heads integer;
  v_applicable integer;
BEGIN
  PERFORM roomhooks_lock_lanes(
    ARRAY(SELECT e FROM unnest(d_endpoint, d_applicable) AS t(e, a) WHERE a),
    ARRAY(SELECT l FROM unnest(d_lane, d_applicable) AS t(l, a) WHERE a));
  WITH input AS (
    SELECT * FROM unnest(d_event_seq, d_endpoint, d_lane, d_applicable) WITH ORDINALITY
      AS t(event_seq, endpoint_id, lane, applicable, ord)
  ), placed AS (
    SELECT i.*,
      CASE
        WHEN NOT i.applicable THEN 'not_applicable'
        WHEN row_number() OVER (PARTITION BY i.endpoint_id, i.lane, i.applicable ORDER BY i.ord) = 1
          AND NOT EXISTS (
            SELECT 1 FROM deliveries d
            WHERE d.endpoint_id = i.endpoint_id AND d.lane = i.lane
              AND d.status IN ('queued', 'pending', 'in_flight'))
          THEN 'pending'
        ELSE 'queued'
      END AS status
    FROM input i
  ), ins AS (
    INSERT INTO deliveries (event_seq, endpoint_id, lane, status, next_attempt_at, updated_at)
    SELECT p.event_seq, p.endpoint_id, p.lane, p.status, CASE WHEN p.status = 'pending' THEN now_ms END, now_ms
    FROM placed p ORDER BY p.ord
    RETURNING status
  )
  SELECT count(*) FILTER (WHERE ins.status = 'pending'), count(*) FILTER (WHERE ins.status <> 'not_applicable')
  INTO v_heads, v_applicable
  FROM ins;
  IF v_heads > 0 THEN
    PERFORM pg_notify(channel, payload);
  END IF;
  RETURN v_applicable;
END
$fn$;

-- A publish in one round trip: the events (a repeated id, stored before or earlier in the batch, is skipped),
-- then the deliveries of the events it stored, through roomhooks_enqueue. Deliveries name their event by its
-- 1-based position in the batch. Returns the stored ids.
CREATE FUNCTION roomhooks_publish(
  e_id text[], e_name text[], e_room text[], e_key text[], e_created bigint[], e_body text[],
  d_event integer[], d_endpoint text[], d_lane text[], d_applicable boolean[], now_ms bigint, channel text,
  payload text)
RETURNS SETOF text
LANGUAGE plpgsql VOLATILE AS $fn$
DECLARE
  stored_id text[];
  stored_seq bigint[];
  q_seq bigint[];
  q_endpoint text[];
  q_lane text[];
  q_applicable boolean[];
BEGIN
  WITH ins AS (
    INSERT INTO events (id, name, room, ordering_key, created_at, published_at, body)
    SELECT t.id, t.name, t.room, t.ordering_key, t.created_at, now_ms, t.body
    FROM unnest(e_id, e_name, e_room, e_key, e_created, e_body) WITH ORDINALITY
      AS t(id, name, room, ordering_key, created_at, body, ord)
    ORDER BY t.ord
    ON CONFLICT (id) DO NOTHING
    RETURNING events.seq, events.id
  )
  SELECT array_agg(ins.id), array_agg(ins.seq) INTO stored_id, stored_seq FROM ins;
  IF stored_id IS NULL THEN
    RETURN;
  END IF;
  -- The deliveries of each stored event's first occurrence in the batch, in batch order.
  SELECT array_agg(s.seq ORDER BY d.ord), array_agg(d.endpoint ORDER BY d.ord), array_agg(d.lane ORDER BY d.ord),
         array_agg(d.applicable ORDER BY d.ord)
  INTO q_seq, q_endpoint, q_lane, q_applicable
  FROM unnest(d_event, d_endpoint, d_lane, d_applicable) WITH ORDINALITY AS d(ev, endpoint, lane, applicable, ord)
  JOIN (SELECT e.id, min(e.ord) AS ord FROM unnest(e_id) WITH ORDINALITY AS e(id, ord) GROUP BY e.id) AS first
    ON first.ord = d.ev
  JOIN unnest(stored_id, stored_seq) AS s(id, seq) ON s.id = first.id;
  IF q_seq IS NOT NULL THEN
    PERFORM roomhooks_enqueue(q_seq, q_endpoint, q_lane, q_applicable, now_ms, channel, payload);
  END IF;
  RETURN QUERY SELECT unnest(stored_id);
END
$fn$;

-- The scheduler's steady state in one round trip: lock the lanes of final verdicts, record the attempts
-- (fenced by lease, promoting each freed lane's next member), then claim due heads. Why each step is shaped so
-- is told in cycle.ts; a VOLATILE function takes a fresh snapshot per statement, which the ordering of these
-- steps relies on exactly as separate statements of one transaction would.
CREATE FUNCTION roomhooks_cycle(
  a_delivery bigint[], a_endpoint text[], a_lane text[], a_started bigint[], a_duration float8[],
  a_status integer[], a_outcome text[], a_error text[], a_response text[], a_next bigint[], a_token bigint[],
  s_endpoint text[], s_limit integer[], s_probe boolean[], s_lease bigint[], now_ms bigint, async_commit boolean)
RETURNS TABLE (id bigint, endpoint_id text, lane text, attempts integer, lease_until bigint, event_id text,
               event_name text, event_created_at bigint, body text)
LANGUAGE plpgsql VOLATILE AS $fn$
#variable_conflict use_column
BEGIN
  -- The call is its own transaction: this sets how its commit waits (see connection.ts, \`synchronous\`).
  IF async_commit THEN
    PERFORM set_config('synchronous_commit', 'off', true);
  END IF;

  IF cardinality(a_delivery) > 0 THEN
    -- 1. Lock the lanes whose head reaches a final verdict (see lanes.ts).
    PERFORM roomhooks_lock_lanes(
      ARRAY(SELECT e FROM unnest(a_endpoint, a_outcome) AS t(e, o) WHERE o <> 'retry'),
      ARRAY(SELECT l FROM unnest(a_lane, a_outcome) AS t(l, o) WHERE o <> 'retry'));

    -- 2. Log the attempts, finish the deliveries still ours, promote each freed lane's next member.
    WITH v AS (
      SELECT * FROM unnest(a_delivery, a_started, a_duration, a_status, a_outcome, a_error, a_response, a_next,
        a_token) WITH ORDINALITY
        AS t(delivery_id, started_at, duration_ms, status_code, outcome, error, response, next_attempt_at,
             lease_token, ord)
    ), logged AS (
      INSERT INTO attempts (delivery_id, started_at, duration_ms, status_code, outcome, error, response)
      SELECT v.delivery_id, v.started_at, v.duration_ms, v.status_code, v.outcome, v.error, v.response
      FROM v ORDER BY v.ord
    ), finished AS (
      UPDATE deliveries d SET
        status = CASE WHEN v.outcome = 'retry' THEN 'pending' ELSE v.outcome END,
        attempts = d.attempts + 1, next_attempt_at = v.next_attempt_at, lease_until = NULL,
        last_status_code = v.status_code, last_error = v.error, updated_at = now_ms
      FROM v
      -- \`status || ''\` hides the partial index deliveries_due from the planner on purpose: the rows are found by
      -- primary key. Left to itself it may prefer a bitmap scan of that index, whose cost grows with the dead
      -- entries every status change leaves there until vacuum (bitmap scans never mark them dead).
      WHERE d.id = v.delivery_id AND (d.status || '') = 'in_flight'
        AND (v.lease_token IS NULL OR d.lease_until = v.lease_token)
      RETURNING d.id, d.endpoint_id, d.lane, v.outcome
    )
    UPDATE deliveries q SET status = 'pending', next_attempt_at = now_ms, updated_at = now_ms
    FROM finished f
    WHERE f.outcome <> 'retry' AND q.status = 'queued' AND q.id = (
      SELECT n.id FROM deliveries n
      WHERE n.endpoint_id = f.endpoint_id AND n.lane = f.lane
        AND n.status IN ('queued', 'pending', 'in_flight') AND n.id <> f.id
      ORDER BY n.id LIMIT 1);
  END IF;

  -- 3. Claim: per slot, up to its limit of due heads or expired leases, skipping rows being claimed elsewhere.
  RETURN QUERY
  WITH picked AS (
    SELECT c.id, s.lease_ms
    FROM unnest(s_endpoint, s_limit, s_probe, s_lease) AS s(endpoint_id, lim, probe, lease_ms)
    CROSS JOIN LATERAL (
      SELECT d.id FROM deliveries d
      WHERE d.endpoint_id = s.endpoint_id AND d.status IN ('pending', 'in_flight')
        -- An index bound for ordinary slots (the scan stops at the first row not yet due); a probe also
        -- takes a pending head that is not due yet, so its bound is open.
        AND d.due_at <= CASE WHEN s.probe THEN 9223372036854775807 ELSE now_ms END
        AND (d.due_at <= now_ms OR d.status = 'pending')
      ORDER BY d.due_at, d.id
      LIMIT s.lim
      FOR UPDATE OF d SKIP LOCKED
    ) c
  )
  UPDATE deliveries d SET status = 'in_flight', lease_until = now_ms + p.lease_ms, updated_at = now_ms
  FROM picked p, events e
  WHERE d.id = p.id AND e.seq = d.event_seq
  RETURNING d.id, d.endpoint_id, d.lane, d.attempts, d.lease_until, e.id, e.name, e.created_at, e.body;
END
$fn$;
`;
