import type { ParsedInput, StationStats } from '../api/contract';
import type { ServiceContext } from './context';

/**
 * The county's figures for a period (DOMAIN.md "What goes up to the county"): each with its
 * definition, so the statistics page, `station-desk stats` and the ledger's summary sheet all
 * say the same thing the same way.
 */
export async function stationStats(
  _ctx: ServiceContext,
  _input: ParsedInput<'stats.get'>,
): Promise<StationStats> {
  throw new Error('not implemented');
}
