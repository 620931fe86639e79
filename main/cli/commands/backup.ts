import { EXIT_USAGE, type Command } from '../command';

export const backupCommand: Command = {
  name: 'backup',
  summary: '(being built)',
  usage: 'station-desk backup --data DIR',
  options: { data: { type: 'string' } },
  run() {
    return Promise.resolve(EXIT_USAGE);
  },
};
