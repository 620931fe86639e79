import { UsageError, type Command } from '../command';

// To be written: see issue 8.
export const countyCommand: Command = {
  name: 'county',
  summary: '(not yet)',
  usage: 'station-desk county',
  options: {},
  run() {
    return Promise.reject(new UsageError('not implemented'));
  },
};
