import type { ParsedInput } from '../api/contract';
import type { ServiceContext } from './context';

/**
 * The ledger workbook (台账) of a period: one .xlsx with a sheet per book and a summary sheet
 * whose figures are stationStats' own, formatted for printing on A4 landscape.
 */
export async function ledgerWorkbook(
  _ctx: ServiceContext,
  _input: ParsedInput<'stats.ledger'>,
): Promise<{ fileName: string; bytes: Buffer }> {
  throw new Error('not implemented');
}
