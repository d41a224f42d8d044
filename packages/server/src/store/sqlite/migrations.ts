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
];
