import type { OutboxStatus } from '../../api/contract';
import type { ServiceContext } from '../context';

/** The outbox, the profile, the export's and the upload's state. */
export async function packagesStatus(ctx: ServiceContext): Promise<OutboxStatus> {
  throw new Error(`not implemented ${ctx.dataDir}`);
}

/**
 * Applies one county answer (a signed receipt document: HTTP body or .receipt file) to the
 * outbox: 已确认 (and every earlier package up to highest_contiguous_seq), 被拒绝 with the code,
 * or nothing for `held`. Returns null when the receipt is not from this station's county or
 * names no package of ours (the caller says why).
 */
export async function recordReceipt(
  ctx: ServiceContext,
  document: unknown,
): Promise<'applied' | 'held' | 'rejected' | null> {
  throw new Error(`not implemented ${ctx.dataDir} ${typeof document}`);
}

export async function copyToFolder(
  ctx: ServiceContext,
  folder: string,
): Promise<{ folder: string; files: string[] }> {
  throw new Error(`not implemented ${ctx.dataDir} ${folder}`);
}

export async function importReceipts(
  ctx: ServiceContext,
  folder: string,
): Promise<{ confirmed: number; rejected: number; skipped: { file: string; reason: string }[] }> {
  throw new Error(`not implemented ${ctx.dataDir} ${folder}`);
}

/** Removable drives (Windows drive letters, /media, /run/media, /Volumes) that exist now. */
export function listDrives(): { path: string; label: string }[] {
  throw new Error('not implemented');
}
