import type { StationStatus } from '../../api/contract';
import type { ServiceContext } from '../context';

/**
 * Key rotation: makes a new signing key (secret to the key store first). Packages are signed
 * by the oldest unretired key; while a newer one exists, the next package announces it in
 * `next_key`, and once that package is recorded the old key is retired.
 */
export async function rotateSigningKey(ctx: ServiceContext): Promise<StationStatus> {
  throw new Error(`not implemented ${ctx.dataDir}`);
}
