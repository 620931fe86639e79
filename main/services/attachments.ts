import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema';
import { ErrorCode, StationError } from '../api/errors';
import { writeTransaction, type ServiceContext } from './context';

/**
 * Content-addressed files (ID photos, scans of letters, photos of a site): stored once by
 * SHA-256 in `attachments`. Records refer to the hash; the bytes travel to the county as
 * `attachments/<sha256>` in packages.
 */

export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

/** The file's type from its first bytes (never from its name): JPEG, PNG or PDF, else null. */
export function sniffMime(bytes: Uint8Array): string | null {
  const starts = (sig: number[]) => sig.every((b, i) => bytes[i] === b);
  if (starts([0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (starts([0x25, 0x50, 0x44, 0x46, 0x2d])) return 'application/pdf'; // %PDF-
  return null;
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Inserts the bytes unless the same content is already stored; returns the hash. */
export async function storeAttachment(
  db: Kysely<DB>,
  bytes: Buffer,
  mime: string,
  at: string,
): Promise<string> {
  const sha256 = sha256Hex(bytes);
  await db
    .insertInto('attachments')
    .values({ sha256, mime, size: bytes.length, data: bytes, created_at: at })
    .onConflict((oc) => oc.column('sha256').doNothing())
    .execute();
  return sha256;
}

/** Stores an uploaded scan or photo (base64, a data: URL prefix allowed) and says what it is. */
export async function putAttachment(
  ctx: ServiceContext,
  input: { fileName: string; base64: string },
): Promise<{ sha256: string; fileName: string; mime: string; size: number }> {
  const bytes = Buffer.from(input.base64.replace(/^data:[^,]*;base64,/, ''), 'base64');
  if (bytes.length === 0) throw new StationError(ErrorCode.validation, '文件是空的，请重新选择。', 'base64');
  if (bytes.length > MAX_ATTACHMENT_BYTES)
    throw new StationError(ErrorCode.validation, '文件太大（超过10MB），请扫描成较小的文件。', 'base64');
  const mime = sniffMime(bytes);
  if (!mime)
    throw new StationError(
      ErrorCode.validation,
      '只能上传 JPG、PNG 图片或 PDF 文件。请把材料扫描或拍照成这几种格式后再上传。',
      'base64',
    );
  const sha256 = await writeTransaction(ctx, (trx, meta) => storeAttachment(trx, bytes, mime, meta.at));
  return { sha256, fileName: input.fileName, mime, size: bytes.length };
}

export async function getAttachment(ctx: ServiceContext, sha256: string): Promise<{ dataUrl: string }> {
  const row = await ctx.db
    .selectFrom('attachments')
    .select(['mime', 'data'])
    .where('sha256', '=', sha256)
    .executeTakeFirst();
  if (!row) throw new StationError(ErrorCode.notFound, '找不到这个附件，可能尚未同步。', 'sha256');
  return { dataUrl: `data:${row.mime};base64,${Buffer.from(row.data).toString('base64')}` };
}
