import type { OutboxItem, OutboxStatus } from '../../api/contract';
import type { ServiceContext } from '../context';

export type ExportKind = 'incremental' | 'full';
export type ExportProgress = NonNullable<OutboxStatus['exporting']>;

/**
 * Makes one package in a worker (own read connection, a consistent snapshot), writes it to
 * `<dataDir>/outbox/` atomically, then records it in the outbox. Refuses (StationError) without
 * a county profile, before the station is set up, or while another export runs.
 */
export async function runExport(
  ctx: ServiceContext,
  kind: ExportKind,
  onProgress?: (p: ExportProgress) => void,
): Promise<OutboxItem> {
  throw new Error(`not implemented ${ctx.dataDir} ${kind} ${typeof onProgress}`);
}

/** Starts runExport in the background for the UI; its state shows in exportState. */
export function startExport(ctx: ServiceContext, kind: ExportKind): void {
  throw new Error(`not implemented ${ctx.dataDir} ${kind}`);
}

/** The export running now and the last failure, for packages.status. */
export function exportState(ctx: ServiceContext): Pick<OutboxStatus, 'exporting' | 'exportError'> {
  throw new Error(`not implemented ${ctx.dataDir}`);
}
