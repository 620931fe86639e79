import { UsageError, type Command } from '../command';

// To be written: see issue 8.
export const profileCommand: Command = {
  name: 'profile',
  summary: '(not yet)',
  usage: 'station-desk profile',
  options: {},
  run() {
    return Promise.reject(new UsageError('not implemented'));
  },
};
