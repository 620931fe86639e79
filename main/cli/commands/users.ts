import { EXIT_USAGE, type Command } from '../command';

export const usersCommand: Command = {
  name: 'users',
  summary: '(being built)',
  usage: 'station-desk users --data DIR',
  options: { data: { type: 'string' } },
  run() {
    return Promise.resolve(EXIT_USAGE);
  },
};
