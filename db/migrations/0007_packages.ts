import { sql, type Kysely } from 'kysely';

// Packages to the county (DESIGN.md "Packages to the county"). All three tables are local to
// this station and never travel: the county profile the county handed out, the outbox of
// packages made here with their delivery state, and which attachment bytes already went up.
export async function up(db: Kysely<unknown>): Promise<void> {
  // One row (id = 1): the county this station reports to.
  await sql`CREATE TABLE county_profile (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    county TEXT NOT NULL,
    intake_url TEXT NOT NULL,
    recipients TEXT NOT NULL,
    receipt_public_key TEXT NOT NULL,
    updated_at TEXT NOT NULL
  ) STRICT`.execute(db);

  // One row per package made here; seq is gapless and the file is immutable once written.
  await sql`CREATE TABLE outbox (
    id TEXT PRIMARY KEY,
    seq INTEGER NOT NULL UNIQUE,
    file_name TEXT NOT NULL,
    kind TEXT NOT NULL,
    manifest_sha256 TEXT NOT NULL,
    size INTEGER NOT NULL,
    rev_from INTEGER NOT NULL,
    rev_to INTEGER NOT NULL,
    audit_from INTEGER NOT NULL,
    audit_to INTEGER NOT NULL,
    counts TEXT NOT NULL,
    created_at TEXT NOT NULL,
    state TEXT NOT NULL,
    state_at TEXT NOT NULL,
    copied_at TEXT,
    uploaded_at TEXT,
    confirmed_at TEXT,
    error_code TEXT,
    error_message TEXT,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT,
    receipt TEXT
  ) STRICT`.execute(db);
  await sql`CREATE INDEX outbox_state ON outbox(state, seq)`.execute(db);

  // The package that first carried an attachment's bytes; NULL = not sent yet.
  await sql`ALTER TABLE attachments ADD COLUMN sent_seq INTEGER`.execute(db);
  await sql`CREATE INDEX attachments_unsent ON attachments(sha256) WHERE sent_seq IS NULL`.execute(db);
}
