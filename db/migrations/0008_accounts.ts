import { sql, type Kysely } from 'kysely';

// 登录与权限: the lock screen's accounts. Local to this PC and never synced: password hashes
// stay here. Changes are still audited (appendAudit with entity 'accounts', without the hash).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE TABLE accounts (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('admin', 'clerk')),
    password_hash TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    disabled_at TEXT,
    last_sign_in_at TEXT,
    failed_attempts INTEGER NOT NULL DEFAULT 0,
    locked_until TEXT
  ) STRICT`.execute(db);
  // A name picks one person on the lock screen: unique among the accounts in use.
  await sql`CREATE UNIQUE INDEX accounts_active_name ON accounts(name) WHERE disabled_at IS NULL`.execute(db);
}
