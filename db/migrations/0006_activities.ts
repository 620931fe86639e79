import { sql, type Kysely } from 'kysely';

// Activities (活动记录) and the annual plan (年度活动计划), DOMAIN.md §4. A plan item's status
// column holds only what the clerk sets (计划中/取消/延期); 已完成 is derived from a linked live
// activity, so it can never disagree with the records. An activity's photos and a 述职's
// ratings are JSON on the row (they are read and written with it); participants are rows, so
// a deputy's file and the participation figures read them by index.
export async function up(db: Kysely<unknown>): Promise<void> {
  const synced = sql.raw(`rev INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT`);

  await sql`CREATE TABLE plan_items (
    id TEXT PRIMARY KEY,
    year INTEGER NOT NULL,
    month INTEGER NOT NULL,
    date TEXT NOT NULL,
    type TEXT NOT NULL,
    theme TEXT NOT NULL,
    responsible TEXT NOT NULL,
    participants TEXT NOT NULL,
    note TEXT NOT NULL,
    status TEXT NOT NULL,
    status_reason TEXT NOT NULL,
    ${synced}
  ) STRICT`.execute(db);
  await sql`CREATE INDEX plan_items_rev ON plan_items(rev)`.execute(db);
  await sql`CREATE INDEX plan_items_year ON plan_items(year, month) WHERE deleted_at IS NULL`.execute(db);

  await sql`CREATE TABLE activities (
    id TEXT PRIMARY KEY,
    date TEXT NOT NULL,
    type TEXT NOT NULL,
    theme TEXT NOT NULL,
    place TEXT NOT NULL,
    plan_item_id TEXT REFERENCES plan_items(id),
    guests TEXT NOT NULL,
    summary TEXT NOT NULL,
    outcomes TEXT NOT NULL,
    photos TEXT NOT NULL,
    voters_present INTEGER,
    ratings TEXT NOT NULL,
    ${synced}
  ) STRICT`.execute(db);
  await sql`CREATE INDEX activities_rev ON activities(rev)`.execute(db);
  await sql`CREATE INDEX activities_date ON activities(date, type) WHERE deleted_at IS NULL`.execute(db);
  await sql`CREATE INDEX activities_plan ON activities(plan_item_id) WHERE deleted_at IS NULL AND plan_item_id IS NOT NULL`.execute(
    db,
  );

  await sql`CREATE TABLE activity_participants (
    id TEXT PRIMARY KEY,
    activity_id TEXT NOT NULL REFERENCES activities(id),
    deputy_id TEXT NOT NULL REFERENCES deputies(id),
    attendance TEXT NOT NULL,
    note TEXT NOT NULL,
    ${synced}
  ) STRICT, WITHOUT ROWID`.execute(db);
  await sql`CREATE INDEX activity_participants_rev ON activity_participants(rev)`.execute(db);
  await sql`CREATE INDEX activity_participants_activity ON activity_participants(activity_id) WHERE deleted_at IS NULL`.execute(
    db,
  );
  await sql`CREATE INDEX activity_participants_deputy ON activity_participants(deputy_id, activity_id) WHERE deleted_at IS NULL`.execute(
    db,
  );

  // The statistics' breakdowns (stats.get) read ranges of these indexes alone: 0003's indexes
  // are widened with persons (channels, categories) and satisfaction (verdicts over 已反馈)
  // rather than adding an index, which every save would pay for. The leading columns are
  // unchanged, so the list's filters use them as before.
  for (const [name, columns] of [
    ['receptions_channel', 'channel, received_at, persons, deleted_at'],
    ['receptions_category', 'category, received_at, persons, deleted_at'],
    ['receptions_status', 'status, received_at, satisfaction, deleted_at'],
  ] as const) {
    // IF EXISTS: county replicas do not keep the station's lookup indexes (county-store.ts).
    await sql`DROP INDEX IF EXISTS ${sql.raw(name)}`.execute(db);
    await sql`CREATE INDEX ${sql.raw(name)} ON receptions(${sql.raw(columns)}) WHERE deleted_at IS NULL`.execute(
      db,
    );
  }
}
