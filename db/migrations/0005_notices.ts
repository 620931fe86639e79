import { sql, type Kysely } from 'kysely';

// Wall notices (上墙公示): every board printed or saved as PDF is kept as a version. The PDF's
// bytes live in `attachments` (by SHA-256); `data_json` is what the board showed, so a later
// change can be named ("张三的电话改了") when the board needs reprinting.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE TABLE notice_prints (
    id TEXT PRIMARY KEY,
    template TEXT NOT NULL,
    subject TEXT NOT NULL,
    paper TEXT NOT NULL,
    how TEXT NOT NULL,
    data_hash TEXT NOT NULL,
    data_json TEXT NOT NULL,
    pdf_sha256 TEXT,
    pdf_size INTEGER,
    printed_by TEXT NOT NULL,
    rev INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT
  ) STRICT`.execute(db);
  await sql`CREATE INDEX notice_prints_rev ON notice_prints(rev)`.execute(db);
  await sql`CREATE INDEX notice_prints_board ON notice_prints(template, subject, created_at) WHERE deleted_at IS NULL`.execute(
    db,
  );
}
