import { parseArgs, type ParseArgsConfig } from 'node:util';
import { StationError } from '../api/errors';

/**
 * The conventions every command follows: `--help` everywhere; `--json` prints exactly one JSON
 * document on stdout and nothing else there; exit 0 on success, 1 when the operation failed,
 * 2 on a usage error.
 */
export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

export class UsageError extends Error {}

type Options = NonNullable<ParseArgsConfig['options']>;
export type CommandValues = Record<string, string | boolean | (string | boolean)[] | undefined>;

export interface CommandIO {
  json: boolean;
  /** Human-readable progress and messages: stderr when --json, so stdout stays one document. */
  log(message: string): void;
  /** The result: JSON on stdout with --json, otherwise the human text. */
  result(value: unknown, human: string): void;
}

export interface Command {
  name: string;
  summary: string;
  usage: string;
  options: Options;
  run(values: CommandValues, positionals: string[], io: CommandIO): Promise<number>;
}

export const COMMON_OPTIONS: Options = {
  help: { type: 'boolean', short: 'h' },
  json: { type: 'boolean' },
};

export function parseCommandArgs(command: Command, argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      options: { ...COMMON_OPTIONS, ...command.options },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/^TypeError \[[A-Z_]+\]: /, ''));
  }
}

export function makeIO(json: boolean): CommandIO {
  return {
    json,
    log: (message) => (json ? process.stderr : process.stdout).write(`${message}\n`),
    result: (value, human) => {
      if (json) process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
      else if (human) process.stdout.write(`${human}\n`);
    },
  };
}

export function requireString(values: Record<string, unknown>, name: string): string {
  const value = values[name];
  if (typeof value !== 'string' || value.trim() === '') throw new UsageError(`missing --${name}`);
  return value;
}

export function parsePositiveInt(value: unknown, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0)
    throw new UsageError(`--${name} must be a whole number, got "${String(value)}"`);
  return n;
}

/** A failure the operation itself reports (exit 1). */
export function reportFailure(
  io: CommandIO,
  error: StationError | { code: string; message: string; field?: string },
): number {
  const shape = error instanceof StationError ? error.toJSON() : error;
  if (io.json) io.result({ ok: false, error: shape }, '');
  else process.stderr.write(`错误：${shape.message}\n`);
  return EXIT_FAILED;
}
