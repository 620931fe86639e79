import { sql, type Kysely } from 'kysely';

// The duty schedule (值班排班): rules, the slots they generate, who is on each slot with their
// attendance, deputies' leave periods, and holiday years entered by the administrator.
export async function up(db: Kysely<unknown>): Promise<void> {
  const synced = sql.raw(`rev INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT`);

  // `spec` is JSON: weekdays, monthDays, months, dates, times, deputyIds (see contract.ts).
  await sql`CREATE TABLE duty_rules (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    spec TEXT NOT NULL,
    place TEXT NOT NULL,
    deputies_per_slot INTEGER NOT NULL,
    postpone_on_holiday INTEGER NOT NULL,
    start_date TEXT NOT NULL,
    end_date TEXT NOT NULL,
    ${synced}
  ) STRICT`.execute(db);
  await sql`CREATE INDEX duty_rules_rev ON duty_rules(rev)`.execute(db);

  // `planned_date` is the rule's date before 节假日顺延; `rule_id` is NULL for a slot added by hand.
  await sql`CREATE TABLE duty_slots (
    id TEXT PRIMARY KEY,
    rule_id TEXT REFERENCES duty_rules(id),
    date TEXT NOT NULL,
    planned_date TEXT NOT NULL,
    moved_reason TEXT NOT NULL,
    start_time TEXT NOT NULL,
    end_time TEXT NOT NULL,
    place TEXT NOT NULL,
    capacity INTEGER NOT NULL,
    hand_edited INTEGER NOT NULL,
    note TEXT NOT NULL,
    notice_printed_at TEXT,
    ${synced}
  ) STRICT`.execute(db);
  await sql`CREATE INDEX duty_slots_rev ON duty_slots(rev)`.execute(db);
  await sql`CREATE INDEX duty_slots_date ON duty_slots(date, start_time) WHERE deleted_at IS NULL`.execute(
    db,
  );
  await sql`CREATE INDEX duty_slots_rule ON duty_slots(rule_id, planned_date) WHERE deleted_at IS NULL`.execute(
    db,
  );

  // One row per deputy per slot. A swap leaves the old row as 调换 and adds the new deputy's row.
  await sql`CREATE TABLE duty_assignments (
    id TEXT PRIMARY KEY,
    slot_id TEXT NOT NULL REFERENCES duty_slots(id),
    deputy_id TEXT NOT NULL REFERENCES deputies(id),
    status TEXT NOT NULL,
    signed_in_at TEXT,
    signed_out_at TEXT,
    reason TEXT NOT NULL,
    swapped_with_deputy_id TEXT REFERENCES deputies(id),
    ${synced}
  ) STRICT`.execute(db);
  await sql`CREATE INDEX duty_assignments_rev ON duty_assignments(rev)`.execute(db);
  await sql`CREATE INDEX duty_assignments_slot ON duty_assignments(slot_id) WHERE deleted_at IS NULL`.execute(
    db,
  );
  await sql`CREATE INDEX duty_assignments_deputy ON duty_assignments(deputy_id, slot_id) WHERE deleted_at IS NULL`.execute(
    db,
  );
  // A deputy holds at most one live place on a slot (a swapped-out row does not count).
  await sql`CREATE UNIQUE INDEX duty_assignments_one_place ON duty_assignments(slot_id, deputy_id)
    WHERE deleted_at IS NULL AND status <> '调换'`.execute(db);

  // 暂停排班: the rotation skips a deputy between these dates (inclusive).
  await sql`CREATE TABLE duty_leaves (
    id TEXT PRIMARY KEY,
    deputy_id TEXT NOT NULL REFERENCES deputies(id),
    from_date TEXT NOT NULL,
    to_date TEXT NOT NULL,
    reason TEXT NOT NULL,
    ${synced}
  ) STRICT`.execute(db);
  await sql`CREATE INDEX duty_leaves_rev ON duty_leaves(rev)`.execute(db);

  // Holiday years the shipped calendar does not cover, entered by the administrator. `kind` is
  // 休 (day off) or 班 (swapped working day); one live row per date.
  await sql`CREATE TABLE holiday_days (
    id TEXT PRIMARY KEY,
    date TEXT NOT NULL,
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    ${synced}
  ) STRICT`.execute(db);
  await sql`CREATE UNIQUE INDEX holiday_days_date ON holiday_days(date) WHERE deleted_at IS NULL`.execute(db);
  await sql`CREATE INDEX holiday_days_rev ON holiday_days(rev)`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('The duty migration cannot be undone.');
}
