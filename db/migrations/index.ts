import type { Migration } from 'kysely';
import * as m0001 from './0001_foundation';
import * as m0002 from './0002_roster';
import * as m0003 from './0003_receptions';
import * as m0004 from './0004_duty';
import * as m0005 from './0005_notices';
import * as m0006 from './0006_activities';
import * as m0007 from './0007_packages';
import * as m0008 from './0008_accounts';

/**
 * Every migration, imported statically (a folder scan breaks once bundled). Names sort in
 * order; the schema version is the number of migrations applied.
 */
export const MIGRATIONS: Record<string, Migration> = {
  '0001_foundation': m0001,
  '0002_roster': m0002,
  '0003_receptions': m0003,
  '0004_duty': m0004,
  '0005_notices': m0005,
  '0006_activities': m0006,
  '0007_packages': m0007,
  '0008_accounts': m0008,
};

export const LATEST_SCHEMA_VERSION = Object.keys(MIGRATIONS).length;
