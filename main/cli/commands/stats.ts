import { type Command } from '../command';

// Skeleton (issue 7).
export const statsCommand: Command = {
  name: 'stats',
  summary: 'the county’s figures (统计) for a period',
  usage: 'station-desk stats --data DIR --from DATE --to DATE [--json]',
  options: { data: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' } },
  run() {
    throw new Error('not implemented');
  },
};
