import { sql, type Kysely } from 'kysely';

// The roster: deputy groups, deputies, their status history, and content-addressed attachments.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE TABLE deputy_groups (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    rev INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT
  ) STRICT`.execute(db);
  await sql`CREATE INDEX deputy_groups_rev ON deputy_groups(rev)`.execute(db);
  await sql`CREATE UNIQUE INDEX deputy_groups_name ON deputy_groups(name) WHERE deleted_at IS NULL`.execute(
    db,
  );

  await sql`CREATE TABLE deputies (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    name_pinyin TEXT NOT NULL,
    name_initials TEXT NOT NULL,
    gender TEXT NOT NULL,
    ethnicity TEXT NOT NULL,
    birth_date TEXT NOT NULL,
    political_affiliation TEXT NOT NULL,
    education TEXT NOT NULL,
    workplace_post TEXT NOT NULL,
    levels TEXT NOT NULL,
    term TEXT NOT NULL,
    card_number TEXT NOT NULL,
    constituency TEXT NOT NULL,
    group_id TEXT REFERENCES deputy_groups(id),
    phone TEXT NOT NULL,
    address TEXT NOT NULL,
    bio TEXT NOT NULL,
    station_role TEXT NOT NULL,
    status TEXT NOT NULL,
    status_date TEXT NOT NULL,
    photo_sha256 TEXT,
    rev INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT
  ) STRICT`.execute(db);
  await sql`CREATE INDEX deputies_rev ON deputies(rev)`.execute(db);
  await sql`CREATE UNIQUE INDEX deputies_card_number ON deputies(card_number)
    WHERE card_number <> '' AND deleted_at IS NULL`.execute(db);
  await sql`CREATE INDEX deputies_name_pinyin ON deputies(name_pinyin)`.execute(db);
  await sql`CREATE INDEX deputies_group ON deputies(group_id, name_pinyin)`.execute(db);
  await sql`CREATE INDEX deputies_status ON deputies(status, name_pinyin)`.execute(db);
  await sql`CREATE INDEX deputies_updated ON deputies(updated_at)`.execute(db);

  await sql`CREATE TABLE deputy_status_history (
    id TEXT PRIMARY KEY,
    deputy_id TEXT NOT NULL REFERENCES deputies(id),
    status TEXT NOT NULL,
    effective_date TEXT NOT NULL,
    note TEXT NOT NULL,
    rev INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT
  ) STRICT`.execute(db);
  await sql`CREATE INDEX deputy_status_history_rev ON deputy_status_history(rev)`.execute(db);
  await sql`CREATE INDEX deputy_status_history_deputy ON deputy_status_history(deputy_id, effective_date)`.execute(
    db,
  );

  await sql`CREATE TABLE attachments (
    sha256 TEXT PRIMARY KEY,
    mime TEXT NOT NULL,
    size INTEGER NOT NULL,
    data BLOB NOT NULL,
    created_at TEXT NOT NULL
  ) STRICT`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('The roster migration cannot be undone.');
}
