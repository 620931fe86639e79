import { sql, type Kysely } from 'kysely';

// The foundation: station, signing keys, the rev counter and the audit log.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE TABLE station (
    id TEXT PRIMARY KEY,
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    township TEXT NOT NULL,
    county TEXT NOT NULL,
    address TEXT NOT NULL,
    phone TEXT NOT NULL,
    opening_hours TEXT NOT NULL,
    time_zone TEXT NOT NULL,
    rev INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT
  ) STRICT`.execute(db);
  await sql`CREATE INDEX station_rev ON station(rev)`.execute(db);

  await sql`CREATE TABLE signing_keys (
    key_id TEXT PRIMARY KEY,
    public_key TEXT NOT NULL,
    created_at TEXT NOT NULL,
    retired_at TEXT
  ) STRICT`.execute(db);

  await sql`CREATE TABLE sync_state (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    rev INTEGER NOT NULL,
    audit_seq INTEGER NOT NULL,
    audit_head TEXT NOT NULL
  ) STRICT`.execute(db);
  await sql`INSERT INTO sync_state (id, rev, audit_seq, audit_head) VALUES (1, 0, 0, ${'0'.repeat(64)})`.execute(
    db,
  );

  await sql`CREATE TABLE audit_log (
    seq INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    diff TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
  ) STRICT`.execute(db);
  await sql`CREATE INDEX audit_log_entity ON audit_log(entity, entity_id)`.execute(db);
  // History must not be rewritten: the log only grows.
  await sql`CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`.execute(db);
  await sql`CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('The foundation migration cannot be undone.');
}
