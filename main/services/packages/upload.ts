import type { OutboxStatus } from '../../api/contract';
import type { ServiceContext } from '../context';

/**
 * Uploads queued packages to the county's intake URL when the network is there: an idempotent
 * PUT per package, exponential backoff with jitter, forever; never blocks the UI.
 */
export interface Uploader {
  /** Try now (a clerk pressed 立即上传, or an export just finished). */
  nudge(): void;
  stop(): Promise<void>;
}

/** Starts the background uploader for this station (browser mode and the Electron app). */
export function startUploader(ctx: ServiceContext): Uploader {
  throw new Error(`not implemented ${ctx.dataDir}`);
}

/** Nudges the running uploader, or starts one pass in the background where none runs. */
export function requestUpload(ctx: ServiceContext): void {
  throw new Error(`not implemented ${ctx.dataDir}`);
}

/** What packages.status shows about uploading. */
export function uploadState(ctx: ServiceContext): OutboxStatus['upload'] {
  throw new Error(`not implemented ${ctx.dataDir}`);
}

/** One pass over the queue now (also used where no uploader runs, e.g. the CLI). */
export async function uploadPending(ctx: ServiceContext): Promise<void> {
  throw new Error(`not implemented ${ctx.dataDir}`);
}
