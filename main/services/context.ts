import { join } from 'node:path';
import type Database from 'better-sqlite3';
import type { Kysely, Transaction } from 'kysely';
import { openDatabase } from '../../db/open';
import type { DB } from '../../db/schema';
import { DEFAULT_TIME_ZONE, isoInZone } from '../../db/time';
import type { WriteMeta } from '../../db/changes';
import { HealthMonitor } from './health';
import type { KeyStore } from './key-store';
import type { SignedInUser, UserRole } from '../api/contract-auth';

export type RunMode = 'electron' | 'web' | 'cli';

/**
 * Makes the PDF of a page of the app (a wall notice's print route, see
 * resources/notices/catalog.ts `boardRoute`): Electron's printToPDF in the app, headless
 * Chromium in browser mode and the CLI. It waits for the page's `data-board-ready` mark and
 * refuses (StationError) when the page says the board does not fit.
 */
export interface PdfMaker {
  render(route: string): Promise<Buffer>;
  close(): Promise<void>;
}

/** What every service function gets: the database and the facts about this run. */
export interface ServiceContext {
  db: Kysely<DB>;
  sqlite: Database.Database;
  dataDir: string;
  keyStore: KeyStore;
  health: HealthMonitor;
  mode: RunMode;
  appVersion: string;
  /** Who is acting: the signed-in user's name, or 管理员 while the lock is off (and in the CLI). */
  actor: string;
  /**
   * The lock screen's session (main/services/auth.ts). One app process serves one PC and one
   * person at a time: Electron has one window, and browser mode listens on loopback only with
   * a per-run token, so one session per ServiceContext is the whole model.
   */
  session: Session;
  timeZone: string;
  /** Set by the shell that can draw pages (Electron, browser mode, `notice render`); else null. */
  pdf: PdfMaker | null;
  /** better-sqlite3's native module when not the default (Electron): workers open their own connection with it. */
  nativeBinding: string | undefined;
}

export interface Session {
  /** Who is signed in; null when nobody is (or the lock is off). */
  user: SignedInUser | null;
  /** The role the current call runs with: the user's, or admin while the lock is off. */
  role: UserRole;
  /** Date.now() of the signed-in user's last call, for the idle safety net. */
  lastCallAt: number;
}

export const DATABASE_FILE = 'station.db';

export function databasePath(dataDir: string): string {
  return join(dataDir, DATABASE_FILE);
}

export interface OpenStationOptions {
  keyStore: KeyStore;
  mode: RunMode;
  appVersion: string;
  nativeBinding?: string;
  /** Start the background integrity check (off for short CLI commands that run it themselves). */
  checkIntegrity?: boolean;
  create?: boolean;
}

/** Opens a station's data folder for the API: database, key store, health monitor. */
export async function openStation(dataDir: string, options: OpenStationOptions): Promise<ServiceContext> {
  const file = databasePath(dataDir);
  const opened = await openDatabase(file, {
    create: options.create ?? true,
    nativeBinding: options.nativeBinding,
  });
  const health = new HealthMonitor(file, options.nativeBinding);
  if (options.checkIntegrity ?? true) health.start();
  const timeZone =
    (
      await opened.db
        .selectFrom('station')
        .select('time_zone')
        .where('deleted_at', 'is', null)
        .executeTakeFirst()
    )?.time_zone ?? DEFAULT_TIME_ZONE;
  return {
    db: opened.db,
    sqlite: opened.sqlite,
    dataDir,
    keyStore: options.keyStore,
    health,
    mode: options.mode,
    appVersion: options.appVersion,
    actor: '管理员',
    session: { user: null, role: 'admin', lastCallAt: 0 },
    timeZone,
    pdf: null,
    nativeBinding: options.nativeBinding,
  };
}

export async function closeStation(ctx: ServiceContext): Promise<void> {
  ctx.health.stop();
  await ctx.pdf?.close();
  await ctx.db.destroy();
}

/** The station's time now (ISO 8601 with the station's offset); `at` for a time in the future. */
export function nowAt(ctx: Pick<ServiceContext, 'timeZone'>, at = new Date()): string {
  return isoInZone(at, ctx.timeZone);
}

/** Runs `fn` in one transaction with the write's actor and time. */
export function writeTransaction<T>(
  ctx: ServiceContext,
  fn: (trx: Transaction<DB>, meta: WriteMeta) => Promise<T>,
): Promise<T> {
  const meta: WriteMeta = { actor: ctx.actor, at: nowAt(ctx) };
  return ctx.db.transaction().execute((trx) => fn(trx, meta));
}
