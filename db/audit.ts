import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import { sql, type Transaction } from 'kysely';
import type { AuditLogTable, DB } from './schema';

export const GENESIS_HASH = '0'.repeat(64);

/** JSON with object keys sorted, so the same value always hashes the same. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      return Object.fromEntries(
        Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)),
      );
    }
    return v;
  });
}

type AuditFields = Omit<AuditLogTable, 'hash'>;

/** The hash of one audit row: SHA-256 over the previous hash and the row's fields. */
export function auditRowHash(row: AuditFields): string {
  const body = JSON.stringify([row.seq, row.at, row.actor, row.action, row.entity, row.entity_id, row.diff]);
  return createHash('sha256').update(`${row.prev_hash}\n${body}`).digest('hex');
}

export interface AuditEntry {
  actor: string;
  action: string;
  entity: string;
  entityId: string;
  diff: unknown;
}

/** The transaction's copy of `sync_state`: the rev counter and the audit chain's head. */
interface ChainState {
  rev: number;
  auditSeq: number;
  auditHead: string;
}
const chainStates = new WeakMap<Transaction<DB>, ChainState>();

/**
 * `sync_state` as this transaction sees it: read once (with an UPDATE, so the write lock is
 * taken before anything is read), then kept in memory for the transaction's later writes.
 * A reception save writes several rows; this spares a read and a write of the counter row each.
 */
async function chainState(trx: Transaction<DB>): Promise<ChainState> {
  let state = chainStates.get(trx);
  if (!state) {
    const { rows } = await sql<{ rev: number; audit_seq: number; audit_head: string }>`
      UPDATE sync_state SET rev = rev WHERE id = 1 RETURNING rev, audit_seq, audit_head`.execute(trx);
    const row = rows[0]!;
    state = { rev: row.rev, auditSeq: row.audit_seq, auditHead: row.audit_head };
    chainStates.set(trx, state);
  }
  return state;
}

/** Bumps and returns the station-wide change counter (stored by the next appendAudit). */
export async function nextRev(trx: Transaction<DB>): Promise<number> {
  const state = await chainState(trx);
  state.rev += 1;
  return state.rev;
}

/** Appends one row to the chain and stores the counter and head; call inside the write's transaction. */
export async function appendAudit(trx: Transaction<DB>, entry: AuditEntry, at: string): Promise<void> {
  const state = await chainState(trx);
  const row: AuditFields = {
    seq: state.auditSeq + 1,
    at,
    actor: entry.actor,
    action: entry.action,
    entity: entry.entity,
    entity_id: entry.entityId,
    diff: canonicalJson(entry.diff),
    prev_hash: state.auditHead,
  };
  const hash = auditRowHash(row);
  await sql`INSERT INTO audit_log (seq, at, actor, action, entity, entity_id, diff, prev_hash, hash)
    VALUES (${row.seq}, ${row.at}, ${row.actor}, ${row.action}, ${row.entity}, ${row.entity_id},
      ${row.diff}, ${row.prev_hash}, ${hash})`.execute(trx);
  await sql`UPDATE sync_state SET rev = ${state.rev}, audit_seq = ${row.seq}, audit_head = ${hash}
    WHERE id = 1`.execute(trx);
  state.auditSeq = row.seq;
  state.auditHead = hash;
}

export type AuditChainReport =
  | { ok: true; count: number; head: string }
  | { ok: false; count: number; firstBrokenSeq: number; reason: string };

/**
 * Walks the whole chain and names the first row that does not fit: a gap in the sequence
 * (a deleted row), a hash that does not match the row (an edited row), a link to the wrong
 * previous hash, or a head that disagrees with the recorded one (rows cut off the end).
 */
export function verifyAuditChain(sqlite: Database.Database): AuditChainReport {
  const rows = sqlite
    .prepare(
      'SELECT seq, at, actor, action, entity, entity_id, diff, prev_hash, hash FROM audit_log ORDER BY seq',
    )
    .iterate() as IterableIterator<AuditLogTable>;
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let count = 0;
  for (const row of rows) {
    if (row.seq !== expectedSeq) {
      return {
        ok: false,
        count,
        firstBrokenSeq: expectedSeq,
        reason: `第 ${expectedSeq} 条操作记录缺失（下一条是第 ${row.seq} 条）`,
      };
    }
    if (row.prev_hash !== prevHash) {
      return {
        ok: false,
        count,
        firstBrokenSeq: row.seq,
        reason: `第 ${row.seq} 条操作记录与上一条衔接不上`,
      };
    }
    if (auditRowHash(row) !== row.hash) {
      return { ok: false, count, firstBrokenSeq: row.seq, reason: `第 ${row.seq} 条操作记录的内容被改动过` };
    }
    prevHash = row.hash;
    expectedSeq += 1;
    count += 1;
  }
  const state = sqlite.prepare('SELECT audit_seq, audit_head FROM sync_state WHERE id = 1').get() as
    { audit_seq: number; audit_head: string } | undefined;
  if (!state || state.audit_seq !== count || state.audit_head !== prevHash) {
    const recorded = state?.audit_seq ?? 0;
    return {
      ok: false,
      count,
      firstBrokenSeq: count + 1,
      reason: `操作记录应有 ${recorded} 条，实际只有 ${count} 条：末尾的记录被删除或改动过`,
    };
  }
  return { ok: true, count, head: prevHash };
}
