import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { StationError } from '../api/errors';
import { APP_VERSION } from '../services/version';
import {
  EXIT_OK,
  EXIT_USAGE,
  UsageError,
  makeIO,
  parseCommandArgs,
  reportFailure,
  type Command,
} from './command';
import { activitiesCommand, planCommand } from './commands/activities';
import { backupCommand } from './commands/backup';
import { restoreCommand } from './commands/restore';
import { usersCommand } from './commands/users';
import { countyCommand } from './commands/county';
import { doctorCommand } from './commands/doctor';
import { exportCommand } from './commands/export';
import { dutyCommand } from './commands/duty';
import { holidaysCommand } from './commands/holidays';
import { initCommand } from './commands/init';
import { keysCommand } from './commands/keys';
import { ledgerCommand } from './commands/ledger';
import { noticeCommand } from './commands/notice';
import { profileCommand } from './commands/profile';
import { receptionsCommand } from './commands/receptions';
import { rosterCommand } from './commands/roster';
import { seedCommand } from './commands/seed';
import { statsCommand } from './commands/stats';
import { verifyCommand } from './commands/verify';
import { webCommand } from './commands/web';

/** Every command of `station-desk`; areas add theirs here. */
export const COMMANDS: Command[] = [
  initCommand,
  webCommand,
  doctorCommand,
  backupCommand,
  restoreCommand,
  usersCommand,
  seedCommand,
  keysCommand,
  rosterCommand,
  receptionsCommand,
  dutyCommand,
  holidaysCommand,
  noticeCommand,
  activitiesCommand,
  planCommand,
  statsCommand,
  ledgerCommand,
  profileCommand,
  exportCommand,
  verifyCommand,
  countyCommand,
];

function overview(): string {
  return [
    `station-desk ${APP_VERSION} — 联络站工作台 command line`,
    '',
    'Usage: station-desk <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(10)} ${c.summary}`),
    '',
    'Every command: --help for its options; --json prints one JSON document on stdout.',
    'Exit codes: 0 success, 1 the operation failed, 2 usage error.',
  ].join('\n');
}

export async function runCli(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${overview()}\n`);
    return name === undefined ? EXIT_USAGE : EXIT_OK;
  }
  if (name === '--version') {
    process.stdout.write(`${APP_VERSION}\n`);
    return EXIT_OK;
  }
  const command = COMMANDS.find((c) => c.name === name);
  const json = rest.includes('--json');
  if (!command) {
    process.stderr.write(`station-desk: unknown command "${name}"\n\n${overview()}\n`);
    return EXIT_USAGE;
  }
  try {
    const { values, positionals } = parseCommandArgs(command, rest);
    if (values.help) {
      process.stdout.write(`${command.summary}\n\nUsage: ${command.usage}\n`);
      return EXIT_OK;
    }
    return await command.run(values, positionals, makeIO(json));
  } catch (error) {
    if (error instanceof UsageError) {
      if (json)
        process.stdout.write(
          `${JSON.stringify({ ok: false, error: { code: 'USAGE', message: error.message } })}\n`,
        );
      process.stderr.write(`station-desk ${command.name}: ${error.message}\n\nUsage: ${command.usage}\n`);
      return EXIT_USAGE;
    }
    if (error instanceof StationError) return reportFailure(makeIO(json), error);
    throw error;
  }
}

// Run when executed directly (built bin or `tsx main/cli/index.ts`), not when imported by tests.
const invokedPath = process.argv[1] ? realpathSync(process.argv[1]) : '';
if (invokedPath === fileURLToPath(import.meta.url)) {
  runCli(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`station-desk: internal error: ${(error as Error)?.stack ?? String(error)}\n`);
      process.exit(1);
    },
  );
}
