import type { Insertable, Transaction } from 'kysely';
import { appendAudit, nextRev } from './audit';
import type { DB, SyncedColumns, SyncedTable } from './schema';

/**
 * The one way to write a synced row: bump the station-wide `rev`, write the row with it,
 * and append the audit entry, all inside the caller's transaction. Deletes are tombstones.
 */

export interface WriteMeta {
  actor: string;
  /** ISO 8601 with offset: the time of the write. */
  at: string;
}

type Row<T extends SyncedTable> = DB[T];
type NewRow<T extends SyncedTable> = Omit<Insertable<Row<T>>, keyof SyncedColumns>;

export async function insertSynced<T extends SyncedTable>(
  trx: Transaction<DB>,
  table: T,
  values: NewRow<T> & { id: string },
  meta: WriteMeta,
): Promise<Row<T>> {
  const rev = await nextRev(trx);
  const row = {
    ...values,
    rev,
    created_at: meta.at,
    updated_at: meta.at,
    deleted_at: null,
  } as unknown as Row<T>;
  // Kysely cannot type a table chosen at run time; `table` is constrained to SyncedTable above.
  await trx
    .insertInto(table)
    .values(row as never)
    .execute();
  await appendAudit(
    trx,
    { actor: meta.actor, action: 'create', entity: table, entityId: values.id, diff: { after: values } },
    meta.at,
  );
  return row;
}

/** Applies `changes` to one live row; returns the new row, or the old one when nothing changed. */
export async function updateSynced<T extends SyncedTable>(
  trx: Transaction<DB>,
  table: T,
  id: string,
  changes: Partial<NewRow<T>>,
  meta: WriteMeta,
): Promise<Row<T> | undefined> {
  const before = (await trx
    .selectFrom(table as SyncedTable)
    .selectAll()
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst()) as Record<string, unknown> | undefined;
  if (!before) return undefined;
  const changed: Record<string, { before: unknown; after: unknown }> = {};
  for (const [key, value] of Object.entries(changes)) {
    if (value !== undefined && before[key] !== value) changed[key] = { before: before[key], after: value };
  }
  if (Object.keys(changed).length === 0) return before as unknown as Row<T>;
  const set = Object.fromEntries(Object.entries(changed).map(([k, v]) => [k, v.after]));
  const rev = await nextRev(trx);
  await trx
    .updateTable(table as SyncedTable)
    .set({ ...set, rev, updated_at: meta.at } as never)
    .where('id', '=', id)
    .execute();
  await appendAudit(
    trx,
    { actor: meta.actor, action: 'update', entity: table, entityId: id, diff: changed },
    meta.at,
  );
  return { ...before, ...set, rev, updated_at: meta.at } as Row<T>;
}

/** Marks a row deleted (a tombstone that travels to the county); returns false if absent. */
export async function tombstoneSynced(
  trx: Transaction<DB>,
  table: SyncedTable,
  id: string,
  meta: WriteMeta,
): Promise<boolean> {
  const before = await trx
    .selectFrom(table)
    .selectAll()
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  if (!before) return false;
  const rev = await nextRev(trx);
  await trx
    .updateTable(table)
    .set({ rev, updated_at: meta.at, deleted_at: meta.at })
    .where('id', '=', id)
    .execute();
  await appendAudit(
    trx,
    { actor: meta.actor, action: 'delete', entity: table, entityId: id, diff: { before } },
    meta.at,
  );
  return true;
}
