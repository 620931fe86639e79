import type { ColumnType, Generated } from 'kysely';
import type { OutboxState } from '../main/api/contract';

/**
 * Table types for Kysely. Every table that goes to the county ("synced") carries `rev`
 * (station-wide change counter, bumped on every write) and `deleted_at` (tombstone).
 */
export interface SyncedColumns {
  rev: number;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

/** The station itself: one live row. */
export interface StationTable extends SyncedColumns {
  id: string;
  code: string;
  name: string;
  township: string;
  county: string;
  address: string;
  phone: string;
  opening_hours: string;
  time_zone: string;
}

/** Signing keys made on this station (public halves; secrets live in the key store). */
export interface SigningKeyTable {
  key_id: string;
  public_key: string;
  created_at: string;
  retired_at: string | null;
}

/** Single row (id = 1): the rev counter and the audit chain's head. */
export interface SyncStateTable {
  id: number;
  rev: number;
  audit_seq: number;
  audit_head: string;
}

/** Append-only; each row holds the SHA-256 of the previous one. */
export interface AuditLogTable {
  seq: number;
  at: string;
  actor: string;
  action: string;
  entity: string;
  entity_id: string;
  diff: string;
  prev_hash: string;
  hash: string;
}

export interface DeputyGroupTable extends SyncedColumns {
  id: string;
  name: string;
}

/** A deputy (代表). `levels` is a JSON array of 全国/省/市/县/乡镇. Never hard-deleted. */
export interface DeputyTable extends SyncedColumns {
  id: string;
  name: string;
  /** Full pinyin without spaces or tones (zhangsan), for search. */
  name_pinyin: string;
  /** Pinyin initials (zs), for search. */
  name_initials: string;
  gender: string;
  ethnicity: string;
  birth_date: string;
  political_affiliation: string;
  education: string;
  workplace_post: string;
  levels: string;
  term: string;
  card_number: string;
  constituency: string;
  group_id: string | null;
  phone: string;
  address: string;
  bio: string;
  station_role: string;
  status: string;
  status_date: string;
  photo_sha256: string | null;
}

export interface DeputyStatusHistoryTable extends SyncedColumns {
  id: string;
  deputy_id: string;
  status: string;
  effective_date: string;
  note: string;
}

/** Station settings as key/values (`id` is the key, `value` JSON), e.g. reception categories. */
export interface SettingTable extends SyncedColumns {
  id: string;
  value: string;
}

/**
 * A reception (接待登记). `num` is the search index's rowid; `year`/`year_seq` make the
 * number clerks see (2026-0042). Visitors' names, first phone and head count are copied here
 * so the list reads one table. Empty strings mean "not yet" for the handling columns.
 */
export interface ReceptionTable extends SyncedColumns {
  num: Generated<number>;
  id: string;
  year: number;
  year_seq: number;
  /** ISO 8601 with the station's offset. */
  received_at: string;
  channel: string;
  category: string;
  title: string;
  matter: string;
  confidential: number;
  /** JSON array of staff names. */
  staff: string;
  visitor_names: string;
  visitor_phone: string;
  persons: number;
  status: string;
  disposition: string | null;
  unit: string;
  deadline: string;
  referral: string;
  suggestion_deputy_id: string | null;
  reply_date: string;
  reply_unit: string;
  reply_text: string;
  answer_date: string;
  answer_method: string;
  answer_text: string;
  satisfaction: string;
  reminders: number;
  duty_slot_id: string | null;
}

export interface ReceptionVisitorTable extends SyncedColumns {
  id: string;
  reception_id: string;
  position: number;
  name: string;
  gender: string;
  age: number | null;
  birth_year: number | null;
  phone: string;
  address: string;
  group_size: number;
  id_number: string;
}

export interface ReceptionDeputyTable extends SyncedColumns {
  id: string;
  reception_id: string;
  deputy_id: string;
}

export interface ReceptionAttachmentTable extends SyncedColumns {
  id: string;
  reception_id: string;
  sha256: string;
  file_name: string;
}

/** A step on a reception's timeline; `detail` is JSON of the step's fields. */
export interface ReceptionEventTable extends SyncedColumns {
  id: string;
  reception_id: string;
  kind: string;
  date: string;
  actor: string;
  summary: string;
  detail: string;
}

/** Contentless FTS5 over the tokens of main/services/search-text.ts; rowid = receptions.num. */
export interface ReceptionSearchTable {
  rowid: number;
  tokens: string;
}

/** Content-addressed files (photos, scans): stored once by SHA-256. */
export interface AttachmentTable {
  sha256: string;
  mime: string;
  size: number;
  data: Buffer;
  created_at: string;
  /** The package that first carried these bytes to the county; null until then. */
  sent_seq: ColumnType<number | null, number | null | undefined, number | null>;
}

/** A duty rule (接待日规则); `spec` is JSON of the rule's days, times and deputy pool. */
export interface DutyRuleTable extends SyncedColumns {
  id: string;
  name: string;
  kind: string;
  spec: string;
  place: string;
  deputies_per_slot: number;
  postpone_on_holiday: number;
  start_date: string;
  end_date: string;
}

/** One duty slot: a date, a time range, a place. `planned_date` is the date before 顺延. */
export interface DutySlotTable extends SyncedColumns {
  id: string;
  rule_id: string | null;
  date: string;
  planned_date: string;
  moved_reason: string;
  start_time: string;
  end_time: string;
  place: string;
  capacity: number;
  hand_edited: number;
  note: string;
  notice_printed_at: string | null;
}

/** A deputy's place on a slot and their attendance (已排班/到岗/请假/缺席/调换). */
export interface DutyAssignmentTable extends SyncedColumns {
  id: string;
  slot_id: string;
  deputy_id: string;
  status: string;
  signed_in_at: string | null;
  signed_out_at: string | null;
  reason: string;
  swapped_with_deputy_id: string | null;
}

/** A deputy's leave period (暂停排班), inclusive dates. */
export interface DutyLeaveTable extends SyncedColumns {
  id: string;
  deputy_id: string;
  from_date: string;
  to_date: string;
  reason: string;
}

/** A day of a holiday year entered by hand: `kind` 休 or 班. */
export interface HolidayDayTable extends SyncedColumns {
  id: string;
  date: string;
  kind: string;
  name: string;
}

/**
 * A wall notice printed or saved as PDF (a version of a board). `paper` is JSON (see
 * resources/notices/catalog.ts); `data_json` is what the board showed, `data_hash` its SHA-256;
 * the PDF is in `attachments` under `pdf_sha256` (NULL when no PDF could be made).
 */
export interface NoticePrintTable extends SyncedColumns {
  id: string;
  template: string;
  subject: string;
  paper: string;
  how: string;
  data_hash: string;
  data_json: string;
  pdf_sha256: string | null;
  pdf_size: number | null;
  printed_by: string;
}

/** An item of the annual plan. `status` is what the clerk set (计划中/取消/延期); 已完成 is derived. */
export interface PlanItemTable extends SyncedColumns {
  id: string;
  year: number;
  month: number;
  /** YYYY-MM-DD, or '' when the item is for the month. */
  date: string;
  type: string;
  theme: string;
  responsible: string;
  participants: string;
  note: string;
  status: string;
  status_reason: string;
}

/**
 * An activity. `photos` is JSON [{sha256, fileName}] (bytes in `attachments`); `ratings` is
 * JSON [{deputyId, aspect, satisfied, basic, unsatisfied}] for a 述职, '[]' otherwise.
 */
export interface ActivityTable extends SyncedColumns {
  id: string;
  date: string;
  type: string;
  theme: string;
  place: string;
  plan_item_id: string | null;
  guests: string;
  summary: string;
  outcomes: string;
  photos: string;
  voters_present: number | null;
  ratings: string;
}

/** A deputy on an activity's list, with 出席/请假/缺席. */
export interface ActivityParticipantTable extends SyncedColumns {
  id: string;
  activity_id: string;
  deputy_id: string;
  attendance: string;
  note: string;
}

export interface DB {
  station: StationTable;
  deputy_groups: DeputyGroupTable;
  deputies: DeputyTable;
  deputy_status_history: DeputyStatusHistoryTable;
  settings: SettingTable;
  receptions: ReceptionTable;
  reception_visitors: ReceptionVisitorTable;
  reception_deputies: ReceptionDeputyTable;
  reception_attachments: ReceptionAttachmentTable;
  reception_events: ReceptionEventTable;
  reception_search: ReceptionSearchTable;
  attachments: AttachmentTable;
  duty_rules: DutyRuleTable;
  duty_slots: DutySlotTable;
  duty_assignments: DutyAssignmentTable;
  duty_leaves: DutyLeaveTable;
  holiday_days: HolidayDayTable;
  notice_prints: NoticePrintTable;
  plan_items: PlanItemTable;
  activities: ActivityTable;
  activity_participants: ActivityParticipantTable;
  signing_keys: SigningKeyTable;
  county_profile: CountyProfileTable;
  outbox: OutboxTable;
  accounts: AccountTable;
  sync_state: SyncStateTable;
  audit_log: AuditLogTable;
}

/** The county this station reports to (one row, id = 1); local, never synced. */
export interface CountyProfileTable {
  id: number;
  county: string;
  /** Where packages are PUT; '' when the county takes packages only on a USB stick. */
  intake_url: string;
  /** JSON: [{ label, recipient }] age X25519 recipients (operational and escrow). */
  recipients: string;
  /** The county's minisign public key that signs receipts. */
  receipt_public_key: string;
  updated_at: string;
}

/** A package made here and its delivery state; local, never synced. */
export interface OutboxTable {
  id: string;
  seq: number;
  file_name: string;
  kind: 'incremental' | 'full';
  manifest_sha256: string;
  size: number;
  rev_from: number;
  rev_to: number;
  audit_from: number;
  audit_to: number;
  /** JSON: rows per table in the package. */
  counts: string;
  created_at: string;
  state: OutboxState;
  state_at: string;
  copied_at: string | null;
  uploaded_at: string | null;
  confirmed_at: string | null;
  error_code: string | null;
  error_message: string | null;
  attempts: number;
  next_attempt_at: string | null;
  /** The county's signed receipt (JSON document), once one arrived. */
  receipt: string | null;
}

/** A lock-screen account; local, never synced (the password hash stays on this PC). */
export interface AccountTable {
  id: string;
  name: string;
  role: 'admin' | 'clerk';
  /** scrypt$N$r$p$saltB64$hashB64 (main/services/auth.ts). */
  password_hash: string;
  created_at: string;
  updated_at: string;
  disabled_at: string | null;
  last_sign_in_at: string | null;
  /** Wrong passwords since the last success or wait; kept here so a restart does not reset it. */
  failed_attempts: number;
  /** ISO time until which sign-in is refused after too many wrong passwords. */
  locked_until: string | null;
}

/** Tables whose changes travel to the county. Areas add theirs here. */
export const SYNCED_TABLES = [
  'station',
  'settings',
  'deputy_groups',
  'deputies',
  'deputy_status_history',
  'receptions',
  'reception_visitors',
  'reception_deputies',
  'reception_attachments',
  'reception_events',
  'duty_rules',
  'duty_slots',
  'duty_assignments',
  'duty_leaves',
  'holiday_days',
  'notice_prints',
  'plan_items',
  'activities',
  'activity_participants',
] as const;
export type SyncedTable = (typeof SYNCED_TABLES)[number];

export type { Generated };
