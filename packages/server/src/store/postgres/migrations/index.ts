/**
 * The numbered, forward-only migrations, in order. A migration's number is its position (1-based); the
 * `roomhooks_migrations` table of the schema records which have run.
 */
import * as m001 from './001-initial.sql.js';
import * as m002 from './002-ordered-publish.sql.js';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const POSTGRES_MIGRATIONS: readonly Migration[] = [m001, m002].map((m, i) => ({
  version: i + 1,
  name: m.name,
  sql: m.sql,
}));
