import type { Transaction } from 'kysely';
import { insertSynced, updateSynced, type WriteMeta } from '../../db/changes';
import { appendAudit } from '../../db/audit';
import { uuidv7 } from '../../db/ids';
import type { DB, StationTable } from '../../db/schema';
import type { Station, StationInput, StationStatus } from '../api/contract';
import { ErrorCode, StationError } from '../api/errors';
import { writeTransaction, type ServiceContext } from './context';
import {
  formatPublicKey,
  formatSecretKey,
  generateSigningKey,
  keyIdHex,
  parsePublicKey,
  publicKeyFingerprint,
} from './keys';

function toStation(row: StationTable): Station {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    township: row.township,
    county: row.county,
    address: row.address,
    phone: row.phone,
    openingHours: row.opening_hours,
    timeZone: row.time_zone,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function toColumns(input: StationInput) {
  return {
    code: input.code,
    name: input.name,
    township: input.township,
    county: input.county,
    address: input.address,
    phone: input.phone,
    opening_hours: input.openingHours,
  };
}

/** The station's details, or null before the wizard ran. */
export async function getStation(ctx: ServiceContext): Promise<Station | null> {
  const row = await ctx.db
    .selectFrom('station')
    .selectAll()
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  return row ? toStation(row) : null;
}

export async function getStationStatus(ctx: ServiceContext): Promise<StationStatus> {
  const station = await getStation(ctx);
  const key = await ctx.db
    .selectFrom('signing_keys')
    .selectAll()
    .where('retired_at', 'is', null)
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
  return {
    setUp: station !== null,
    station,
    signingKey: key
      ? {
          keyId: key.key_id,
          fingerprint: publicKeyFingerprint(parsePublicKey(key.public_key).publicKey),
          publicKey: key.public_key,
          storage: ctx.keyStore.kind,
          createdAt: key.created_at,
        }
      : null,
  };
}

/**
 * The first-run wizard: saves the station and makes its Ed25519 signing key. The private key
 * goes to the key store first; the database rows follow in one transaction.
 */
export async function setUpStation(ctx: ServiceContext, input: StationInput): Promise<StationStatus> {
  const existing = await ctx.db
    .selectFrom('station')
    .select('id')
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  if (existing) {
    throw new StationError(ErrorCode.alreadySetUp, '本站已经设置过了。如需修改站点信息，请到“设置”页编辑。');
  }
  const key = makeStoredSigningKey(ctx);
  await writeTransaction(ctx, async (trx, meta) => {
    await insertSynced(trx, 'station', { id: uuidv7(), ...toColumns(input), time_zone: ctx.timeZone }, meta);
    await recordSigningKey(trx, meta, key, 'create');
  });
  return getStationStatus(ctx);
}

export async function updateStation(ctx: ServiceContext, input: StationInput): Promise<StationStatus> {
  const row = await ctx.db
    .selectFrom('station')
    .select('id')
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  if (!row) throw new StationError(ErrorCode.notSetUp, '本站还没有设置。请先完成初始化向导。');
  await writeTransaction(ctx, (trx, meta) => updateSynced(trx, 'station', row.id, toColumns(input), meta));
  return getStationStatus(ctx);
}

/**
 * Makes a signing key and saves its secret to the key store first: a key row without its
 * secret would make every later package fail.
 */
export function makeStoredSigningKey(ctx: ServiceContext): { keyId: string; publicKey: string } {
  const key = generateSigningKey();
  const keyId = keyIdHex(key.keyId);
  ctx.keyStore.save(keyId, formatSecretKey(key));
  return { keyId, publicKey: formatPublicKey(key) };
}

/** The key's public half and its audit row, in the caller's transaction. */
export async function recordSigningKey(
  trx: Transaction<DB>,
  meta: WriteMeta,
  key: { keyId: string; publicKey: string },
  action: 'create' | 'rotate',
): Promise<void> {
  await trx
    .insertInto('signing_keys')
    .values({ key_id: key.keyId, public_key: key.publicKey, created_at: meta.at, retired_at: null })
    .execute();
  await appendAudit(
    trx,
    {
      actor: meta.actor,
      action,
      entity: 'signing_key',
      entityId: key.keyId,
      diff: { after: { publicKey: key.publicKey } },
    },
    meta.at,
  );
}
