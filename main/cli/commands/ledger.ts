import { type Command } from '../command';

// Skeleton (issue 7).
export const ledgerCommand: Command = {
  name: 'ledger',
  summary: 'the ledger workbook (台账) of a period as one .xlsx',
  usage: 'station-desk ledger --data DIR --from DATE --to DATE --out FILE.xlsx [--json]',
  options: {
    data: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    out: { type: 'string' },
  },
  run() {
    throw new Error('not implemented');
  },
};
