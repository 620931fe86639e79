import { sql, type Kysely } from 'kysely';

// Receptions (接待登记): the log, its visitors, deputies, attachments and timeline; the search
// index; and the station's settings (category list, ID-number switch) as synced key/values.
export async function up(db: Kysely<unknown>): Promise<void> {
  const synced = sql.raw(`rev INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT`);

  // One row per setting; `id` is the setting's key, `value` is JSON.
  await sql`CREATE TABLE settings (
    id TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    ${synced}
  ) STRICT`.execute(db);
  await sql`CREATE INDEX settings_rev ON settings(rev)`.execute(db);

  // `num` is the search index's rowid: an INTEGER PRIMARY KEY survives VACUUM, a bare rowid
  // does not. `id` (UUIDv7) is what everything else, and the county, refers to.
  await sql`CREATE TABLE receptions (
    num INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    year INTEGER NOT NULL,
    year_seq INTEGER NOT NULL,
    received_at TEXT NOT NULL,
    channel TEXT NOT NULL,
    category TEXT NOT NULL,
    title TEXT NOT NULL,
    matter TEXT NOT NULL,
    confidential INTEGER NOT NULL,
    staff TEXT NOT NULL,
    visitor_names TEXT NOT NULL,
    visitor_phone TEXT NOT NULL,
    persons INTEGER NOT NULL,
    status TEXT NOT NULL,
    disposition TEXT,
    unit TEXT NOT NULL,
    deadline TEXT NOT NULL,
    referral TEXT NOT NULL,
    suggestion_deputy_id TEXT REFERENCES deputies(id),
    reply_date TEXT NOT NULL,
    reply_unit TEXT NOT NULL,
    reply_text TEXT NOT NULL,
    answer_date TEXT NOT NULL,
    answer_method TEXT NOT NULL,
    answer_text TEXT NOT NULL,
    satisfaction TEXT NOT NULL,
    reminders INTEGER NOT NULL,
    duty_slot_id TEXT,
    ${synced}
  ) STRICT`.execute(db);
  await sql`CREATE INDEX receptions_rev ON receptions(rev)`.execute(db);
  await sql`CREATE UNIQUE INDEX receptions_number ON receptions(year, year_seq)`.execute(db);
  // Newest first, with what the monthly figures need, so they read the index alone. Here and
  // below, `deleted_at` is in the key although always NULL in these partial indexes: SQLite
  // counts an index as covering only when every column the query names is in it, and the
  // query must name `deleted_at IS NULL` to use the index at all.
  await sql`CREATE INDEX receptions_received
    ON receptions(received_at, status, persons, disposition, deadline, deleted_at)
    WHERE deleted_at IS NULL`.execute(db);
  await sql`CREATE INDEX receptions_status ON receptions(status, received_at, deleted_at) WHERE deleted_at IS NULL`.execute(
    db,
  );
  await sql`CREATE INDEX receptions_category ON receptions(category, received_at, deleted_at) WHERE deleted_at IS NULL`.execute(
    db,
  );
  await sql`CREATE INDEX receptions_channel ON receptions(channel, received_at, deleted_at) WHERE deleted_at IS NULL`.execute(
    db,
  );
  await sql`CREATE INDEX receptions_overdue ON receptions(deadline)
    WHERE deleted_at IS NULL AND status = '办理中' AND deadline <> ''`.execute(db);
  await sql`CREATE INDEX receptions_confidential ON receptions(received_at)
    WHERE deleted_at IS NULL AND confidential = 1`.execute(db);

  // The child tables are WITHOUT ROWID: keyed by their UUIDv7 alone, one b-tree fewer each to
  // write on every save (a save's commit writes every page it touched; see BENCHMARKS.md).
  await sql`CREATE TABLE reception_visitors (
    id TEXT PRIMARY KEY,
    reception_id TEXT NOT NULL REFERENCES receptions(id),
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    gender TEXT NOT NULL,
    age INTEGER,
    birth_year INTEGER,
    phone TEXT NOT NULL,
    address TEXT NOT NULL,
    group_size INTEGER NOT NULL,
    id_number TEXT NOT NULL,
    ${synced}
  ) STRICT, WITHOUT ROWID`.execute(db);
  await sql`CREATE INDEX reception_visitors_rev ON reception_visitors(rev)`.execute(db);
  await sql`CREATE INDEX reception_visitors_reception ON reception_visitors(reception_id, position)`.execute(
    db,
  );
  await sql`CREATE INDEX reception_visitors_phone ON reception_visitors(phone)
    WHERE phone <> '' AND deleted_at IS NULL`.execute(db);

  await sql`CREATE TABLE reception_deputies (
    id TEXT PRIMARY KEY,
    reception_id TEXT NOT NULL REFERENCES receptions(id),
    deputy_id TEXT NOT NULL REFERENCES deputies(id),
    ${synced}
  ) STRICT, WITHOUT ROWID`.execute(db);
  await sql`CREATE INDEX reception_deputies_rev ON reception_deputies(rev)`.execute(db);
  await sql`CREATE INDEX reception_deputies_reception ON reception_deputies(reception_id)`.execute(db);
  // deleted_at (always NULL here) is in the key so counts and probes read the index alone.
  await sql`CREATE INDEX reception_deputies_deputy ON reception_deputies(deputy_id, reception_id, deleted_at)
    WHERE deleted_at IS NULL`.execute(db);

  await sql`CREATE TABLE reception_attachments (
    id TEXT PRIMARY KEY,
    reception_id TEXT NOT NULL REFERENCES receptions(id),
    sha256 TEXT NOT NULL REFERENCES attachments(sha256),
    file_name TEXT NOT NULL,
    ${synced}
  ) STRICT, WITHOUT ROWID`.execute(db);
  await sql`CREATE INDEX reception_attachments_rev ON reception_attachments(rev)`.execute(db);
  await sql`CREATE INDEX reception_attachments_reception ON reception_attachments(reception_id)`.execute(db);

  // The timeline: one row per step, never edited.
  await sql`CREATE TABLE reception_events (
    id TEXT PRIMARY KEY,
    reception_id TEXT NOT NULL REFERENCES receptions(id),
    kind TEXT NOT NULL,
    date TEXT NOT NULL,
    actor TEXT NOT NULL,
    summary TEXT NOT NULL,
    detail TEXT NOT NULL,
    ${synced}
  ) STRICT, WITHOUT ROWID`.execute(db);
  await sql`CREATE INDEX reception_events_rev ON reception_events(rev)`.execute(db);
  await sql`CREATE INDEX reception_events_reception ON reception_events(reception_id, created_at)`.execute(
    db,
  );

  // Full-text search: one contentless FTS5 table of tokens made by main/services/search-text.ts
  // (overlapping Han character pairs, words, visitors' names in pinyin); rowid = receptions.num.
  await sql`CREATE VIRTUAL TABLE reception_search USING fts5(
    tokens, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 0'
  )`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('The receptions migration cannot be undone.');
}
