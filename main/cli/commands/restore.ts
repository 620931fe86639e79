import { EXIT_USAGE, type Command } from '../command';

export const restoreCommand: Command = {
  name: 'restore',
  summary: '(being built)',
  usage: 'station-desk restore --data DIR',
  options: { data: { type: 'string' } },
  run() {
    return Promise.resolve(EXIT_USAGE);
  },
};
