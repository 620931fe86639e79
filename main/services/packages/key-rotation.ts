import type { Transaction } from 'kysely';
import type { DB } from '../../../db/schema';
import type { StationStatus } from '../../api/contract';
import { ErrorCode, StationError } from '../../api/errors';
import { writeTransaction, type ServiceContext } from '../context';
import { parseSecretKey, type SigningKey } from '../keys';
import { getStation, getStationStatus, makeStoredSigningKey, recordSigningKey } from '../station';

/**
 * Key rotation: makes a new signing key (secret to the key store first). Packages are signed
 * by the oldest unretired key; while a newer one exists, the next package announces it in
 * `next_key`, and once that package is recorded the old key is retired.
 */
export async function rotateSigningKey(ctx: ServiceContext): Promise<StationStatus> {
  if (!(await getStation(ctx)))
    throw new StationError(ErrorCode.notSetUp, '本站还没有设置，没有可更换的密钥。请先完成初始化向导。');
  const key = makeStoredSigningKey(ctx);
  await writeTransaction(ctx, (trx, meta) => recordSigningKey(trx, meta, key, 'rotate'));
  return getStationStatus(ctx);
}

interface KeyRow {
  key_id: string;
  public_key: string;
}

/** The key that signs the next package, and the key it announces (the newest), if any. */
export function packageKeys(ctx: ServiceContext): {
  signing: SigningKey;
  nextKey: { key_id: string; public_key: string } | null;
} {
  const rows = ctx.sqlite
    .prepare(
      'SELECT key_id, public_key FROM signing_keys WHERE retired_at IS NULL ORDER BY created_at, rowid',
    )
    .all() as KeyRow[];
  const oldest = rows[0];
  if (!oldest)
    throw new StationError(
      ErrorCode.keyUnreadable,
      '本站没有可用的签名密钥。请在“数据上报”页的“本站签名密钥”处更换签名密钥。',
    );
  const text = ctx.keyStore.load(oldest.key_id);
  let signing: SigningKey;
  try {
    if (text === null) throw new Error('missing');
    signing = parseSecretKey(text);
  } catch {
    throw new StationError(
      ErrorCode.keyUnreadable,
      `读不到本站的签名私钥（${oldest.key_id}），无法签名数据包。请从备份恢复密钥文件，或联系县人大技术人员。`,
    );
  }
  const newest = rows.length > 1 ? rows[rows.length - 1]! : null;
  return {
    signing,
    // The .pub file's base64 line: what `minisign -P` takes and the county enrols.
    nextKey: newest
      ? { key_id: newest.key_id, public_key: newest.public_key.trim().split(/\r?\n/).pop()! }
      : null,
  };
}

/** After the announcing package is recorded: every unretired key but the announced one retires. */
export async function retireKeysExcept(trx: Transaction<DB>, keyId: string, at: string): Promise<void> {
  await trx
    .updateTable('signing_keys')
    .set({ retired_at: at })
    .where('retired_at', 'is', null)
    .where('key_id', '!=', keyId)
    .execute();
}
