import { verifyAuditChain } from '../../db/audit';
import type { AuditChainReport, AuditEntry } from '../api/contract';
import type { ServiceContext } from './context';

export async function listAudit(
  ctx: ServiceContext,
  input: { beforeSeq?: number | undefined; limit: number },
): Promise<{ items: AuditEntry[]; total: number }> {
  let q = ctx.db.selectFrom('audit_log').selectAll().orderBy('seq', 'desc').limit(input.limit);
  if (input.beforeSeq !== undefined) q = q.where('seq', '<', input.beforeSeq);
  const rows = await q.execute();
  const { audit_seq } = await ctx.db
    .selectFrom('sync_state')
    .select('audit_seq')
    .where('id', '=', 1)
    .executeTakeFirstOrThrow();
  return {
    items: rows.map((r) => ({
      seq: r.seq,
      at: r.at,
      actor: r.actor,
      action: r.action,
      entity: r.entity,
      entityId: r.entity_id,
      diff: r.diff,
    })),
    total: audit_seq,
  };
}

export function verifyAudit(ctx: ServiceContext): AuditChainReport {
  return verifyAuditChain(ctx.sqlite);
}
