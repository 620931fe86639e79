import { UsageError, type Command } from '../command';

// To be written: see issue 8.
export const exportCommand: Command = {
  name: 'export',
  summary: '(not yet)',
  usage: 'station-desk export',
  options: {},
  run() {
    return Promise.reject(new UsageError('not implemented'));
  },
};
