import type { Kysely, Transaction } from 'kysely';
import { insertSynced, updateSynced, type WriteMeta } from '../../db/changes';
import type { DB } from '../../db/schema';
import { DEFAULT_RECEPTION_CATEGORIES, type ReceptionSettings } from '../api/contract';
import { writeTransaction, type ServiceContext } from './context';

/**
 * Station settings: one synced row per key in `settings` (id = key, value = JSON), so the
 * county sees them and every change is audited. Each area reads its own key with a fallback.
 */

type Db = Kysely<DB> | { db: Kysely<DB> };
const dbOf = (d: Db): Kysely<DB> => ('db' in d && !('selectFrom' in d) ? d.db : (d as Kysely<DB>));

/** The setting's stored value, or `fallback` when it was never written (or is unreadable). */
export async function readSetting<T>(from: Db, key: string, fallback: T): Promise<T> {
  const row = await dbOf(from)
    .selectFrom('settings')
    .select('value')
    .where('id', '=', key)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  if (!row) return fallback;
  try {
    return JSON.parse(row.value) as T;
  } catch {
    return fallback;
  }
}

/** Writes a setting through the one write path (rev + row + audit); a no-op when unchanged. */
export async function writeSetting<T>(
  trx: Transaction<DB>,
  key: string,
  value: T,
  meta: WriteMeta,
): Promise<void> {
  const json = JSON.stringify(value);
  const updated = await updateSynced(trx, 'settings', key, { value: json }, meta);
  if (!updated) await insertSynced(trx, 'settings', { id: key, value: json }, meta);
}

// --- Receptions (接待登记) ---------------------------------------------------------------

export const RECEPTION_SETTINGS_KEY = 'receptions';

export const DEFAULT_RECEPTION_SETTINGS: ReceptionSettings = {
  categories: [...DEFAULT_RECEPTION_CATEGORIES],
  collectIdNumbers: false,
};

/** The station's reception settings, each part defaulted on its own. */
export async function receptionSettings(from: Db): Promise<ReceptionSettings> {
  const stored = await readSetting<Partial<ReceptionSettings>>(from, RECEPTION_SETTINGS_KEY, {});
  return {
    categories:
      Array.isArray(stored.categories) && stored.categories.length > 0
        ? stored.categories.map(String)
        : DEFAULT_RECEPTION_SETTINGS.categories,
    collectIdNumbers:
      typeof stored.collectIdNumbers === 'boolean'
        ? stored.collectIdNumbers
        : DEFAULT_RECEPTION_SETTINGS.collectIdNumbers,
  };
}

export async function updateReceptionSettings(
  ctx: ServiceContext,
  input: ReceptionSettings,
): Promise<ReceptionSettings> {
  await writeTransaction(ctx, (trx, meta) =>
    writeSetting(
      trx,
      RECEPTION_SETTINGS_KEY,
      { categories: input.categories, collectIdNumbers: input.collectIdNumbers },
      meta,
    ),
  );
  return receptionSettings(ctx);
}
