/**
 * Numbered, forward-only migrations. `user_version` records how far a database has come; each step runs in its
 * own transaction. Never edit a released step: add the next one.
 */
export const SQLITE_MIGRATIONS: readonly string[] = [
  // 1: events, endpoints, deliveries, attempts, settings.
  `
  CREATE TABLE events (
    seq          INTEGER PRIMARY KEY,
    id           TEXT NOT NULL UNIQUE,
    name         TEXT NOT NULL,
    room         TEXT,
    ordering_key TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    published_at INTEGER NOT NULL,
    body         TEXT NOT NULL
  );
  CREATE INDEX events_created_at ON events (created_at);
  CREATE INDEX events_room ON events (room, seq);

  CREATE TABLE endpoints (
    id           TEXT PRIMARY KEY,
    spec         TEXT NOT NULL,
    state        TEXT NOT NULL DEFAULT 'active',
    state_reason TEXT,
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL
  );

  CREATE TABLE deliveries (
    id               INTEGER PRIMARY KEY,
    event_seq        INTEGER NOT NULL REFERENCES events (seq),
    endpoint_id      TEXT NOT NULL,
    lane             TEXT NOT NULL,
    status           TEXT NOT NULL,
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  INTEGER,
    last_status_code INTEGER,
    last_error       TEXT,
    updated_at       INTEGER NOT NULL
  );
  -- A lane's waiting members in order: "is the lane busy?" at publish and "who is next?" when a head
  -- finishes. Partial, so finished deliveries leave it and moves between active states never touch it.
  CREATE INDEX deliveries_lane ON deliveries (endpoint_id, lane, id)
    WHERE status IN ('queued', 'pending', 'in_flight');
  -- Only lane heads are pending, so this index stays as small as the number of busy lanes, whatever the backlog.
  CREATE INDEX deliveries_due ON deliveries (endpoint_id, next_attempt_at) WHERE status = 'pending';
  CREATE INDEX deliveries_event ON deliveries (event_seq);

  CREATE TABLE attempts (
    id          INTEGER PRIMARY KEY,
    delivery_id INTEGER NOT NULL REFERENCES deliveries (id),
    started_at  INTEGER NOT NULL,
    duration_ms REAL NOT NULL,
    status_code INTEGER,
    outcome     TEXT NOT NULL,
    error       TEXT,
    response    TEXT
  );
  CREATE INDEX attempts_delivery ON attempts (delivery_id);

  CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
  );
  `,
  // 2: a lane's order gets a column of its own, `lane_seq`, indexed without any reference to `status`.
  // The partial index of version 1 named `status` in its WHERE clause, so SQLite rewrote its entry on every
  // status change (claim, outcome, promotion): five writes at random places of a large index per delivery,
  // most of the store's cost. Not-applicable deliveries take no place in a lane (NULL). Deliveries that a manual
  // retry queued behind their lane's head with a lower id take the head's place, as version 1 served them.
  `
  ALTER TABLE deliveries ADD COLUMN lane_seq INTEGER;
  UPDATE deliveries SET lane_seq = id WHERE status <> 'not_applicable';
  UPDATE deliveries SET lane_seq = (
    SELECT MIN(h.id) FROM deliveries h
    WHERE h.endpoint_id = deliveries.endpoint_id AND h.lane = deliveries.lane AND h.status IN ('pending', 'in_flight'))
  WHERE status = 'queued' AND id < (
    SELECT MIN(h.id) FROM deliveries h
    WHERE h.endpoint_id = deliveries.endpoint_id AND h.lane = deliveries.lane AND h.status IN ('pending', 'in_flight'));
  -- Version 1 could also leave an active member below finished ones (a retried delivery that became its idle
  -- lane's head): lift every active member above all history, keeping their order, so that a lane is busy
  -- exactly when its last place holds an active member.
  UPDATE deliveries SET lane_seq = lane_seq + (SELECT MAX(id) FROM deliveries)
  WHERE status IN ('queued', 'pending', 'in_flight');
  DROP INDEX deliveries_lane;
  CREATE INDEX deliveries_lane ON deliveries (endpoint_id, lane, lane_seq);
  `,
];
