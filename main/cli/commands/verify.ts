import { UsageError, type Command } from '../command';

// To be written: see issue 8.
export const verifyCommand: Command = {
  name: 'verify',
  summary: '(not yet)',
  usage: 'station-desk verify',
  options: {},
  run() {
    return Promise.reject(new UsageError('not implemented'));
  },
};
