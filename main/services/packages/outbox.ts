import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readdirSync, statSync } from 'node:fs';
import {
  access,
  constants,
  copyFile,
  open,
  readFile,
  readdir,
  rename,
  rm,
  stat,
  writeFile,
} from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { OutboxStatus } from '../../api/contract';
import { ErrorCode, StationError } from '../../api/errors';
import { nowAt, type ServiceContext } from '../context';
import { exportState, outboxFolder, pendingChanges, toOutboxItem } from './export';
import { RECEIPT_EXTENSION, signedReceiptSchema } from './format';
import { getProfile } from './profile';
import { openReceipt } from './receipt';
import { uploadState } from './upload';

/** A package file in the outbox folder. */
export function packagePath(ctx: ServiceContext, fileName: string): string {
  return join(outboxFolder(ctx.dataDir), fileName);
}

/** A .receipt file is a few hundred bytes; anything far larger is not one. */
const MAX_RECEIPT_FILE_BYTES = 16 * 1024;

export const README_FILE = '说明.txt';

/** The outbox, the profile, the export's and the upload's state. */
export async function packagesStatus(ctx: ServiceContext): Promise<OutboxStatus> {
  const rows = await ctx.db.selectFrom('outbox').selectAll().orderBy('seq', 'desc').execute();
  return {
    profile: await getProfile(ctx),
    items: rows.map(toOutboxItem),
    ...exportState(ctx),
    pendingChanges: pendingChanges(ctx),
    upload: uploadState(ctx),
  };
}

type ReceiptOutcome =
  | { status: 'applied' | 'held' | 'rejected'; confirmed: number; rejected: number }
  | { status: null; reason: string };

const NOT_OUR_COUNTY = '不是本县签发的回执';
const NOT_OUR_PACKAGE = '不是本站的数据包';
const BAD_FORMAT = '文件格式不对';

/** recordReceipt with the counts and, when the receipt is not used, why. */
async function applyReceipt(ctx: ServiceContext, document: unknown): Promise<ReceiptOutcome> {
  if (!signedReceiptSchema.safeParse(document).success) return { status: null, reason: BAD_FORMAT };
  const profile = await getProfile(ctx);
  const receipt = profile ? openReceipt(document, profile.receiptPublicKey) : null;
  if (!receipt) return { status: null, reason: NOT_OUR_COUNTY };
  const station = await ctx.db
    .selectFrom('station')
    .select('code')
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  const row = await ctx.db
    .selectFrom('outbox')
    .selectAll()
    .where('id', '=', receipt.package_id)
    .where('manifest_sha256', '=', receipt.manifest_sha256)
    .executeTakeFirst();
  if (!row || station?.code !== receipt.station) return { status: null, reason: NOT_OUR_PACKAGE };

  const at = nowAt(ctx);
  const text = JSON.stringify(document);
  const confirm = {
    state: '已确认' as const,
    state_at: at,
    confirmed_at: at,
    error_code: null,
    error_message: null,
    next_attempt_at: null,
  };
  return ctx.db.transaction().execute(async (trx) => {
    let confirmed = 0;
    let rejected = 0;
    if (receipt.status === 'rejected') {
      // A confirmed package stays confirmed: the county already has it in its books.
      const done = await trx
        .updateTable('outbox')
        .set({
          state: '被拒绝',
          state_at: at,
          error_code: receipt.code ?? 'REJECTED',
          error_message: receipt.message ?? '县里拒收了这个数据包。',
          next_attempt_at: null,
          receipt: text,
        })
        .where('id', '=', row.id)
        .where('state', 'not in', ['已确认', '被拒绝'])
        .executeTakeFirst();
      rejected = Number(done.numUpdatedRows);
    } else if (receipt.status === 'held') {
      // Waits at the county for an earlier package; the upload keeps asking until confirmed.
      await trx
        .updateTable('outbox')
        .set({ receipt: text, error_code: null, error_message: null })
        .where('id', '=', row.id)
        .where('state', '!=', '已确认')
        .execute();
    } else {
      const own = await trx
        .updateTable('outbox')
        .set({ ...confirm, receipt: text })
        .where('id', '=', row.id)
        .where('state', '!=', '已确认')
        .executeTakeFirst();
      confirmed += Number(own.numUpdatedRows);
    }
    // Every package up to the county's highest contiguous seq is in its books (any receipt
    // says so, signed), though a refused one stays refused.
    const earlier = await trx
      .updateTable('outbox')
      .set(confirm)
      .where('seq', '<=', receipt.highest_contiguous_seq)
      .where('id', '!=', row.id)
      .where('state', 'not in', ['已确认', '被拒绝'])
      .executeTakeFirst();
    confirmed += Number(earlier.numUpdatedRows);
    return { status: receipt.status, confirmed, rejected };
  });
}

/**
 * Applies one county answer (a signed receipt document: HTTP body or .receipt file) to the
 * outbox: 已确认 (and every earlier package up to highest_contiguous_seq), 被拒绝 with the code,
 * or nothing for `held`. Returns null when the receipt is not from this station's county or
 * names no package of ours (the caller says why).
 */
export async function recordReceipt(
  ctx: ServiceContext,
  document: unknown,
): Promise<'applied' | 'held' | 'rejected' | null> {
  return (await applyReceipt(ctx, document)).status;
}

async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

async function sameFile(a: string, b: string): Promise<boolean> {
  const [sa, sb] = await Promise.all([stat(a), stat(b).catch(() => null)]);
  if (!sb?.isFile() || sa.size !== sb.size) return false;
  const [ha, hb] = await Promise.all([sha256File(a), sha256File(b)]);
  return ha === hb;
}

async function fsyncPath(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Puts `write(temp)`'s result at `target` whole or not at all (USB sticks get pulled). */
async function placeAtomically(target: string, write: (temp: string) => Promise<void>): Promise<void> {
  const temp = join(target, '..', `.${basename(target)}.tmp-${process.pid}`);
  try {
    await write(temp);
    await fsyncPath(temp);
    await rename(temp, target);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

async function checkFolder(folder: string): Promise<void> {
  const info = await stat(folder).catch(() => null);
  if (!info?.isDirectory()) {
    throw new StationError(
      'FOLDER_MISSING',
      `找不到文件夹“${folder}”。请插好U盘，确认文件夹存在后重新选择。`,
      'folder',
    );
  }
}

function readmeText(stationName: string, county: string, files: string[]): string {
  // The BOM: older Windows Notepad reads UTF-8 without one as the local code page.
  return (
    '\ufeff' +
    [
      `这些文件是“${stationName}”报送给${county || '县人大常委会'}的数据包（.sdpkg），共 ${files.length} 个：`,
      ...files.map((f) => `  ${f}`),
      '',
      '数据包已加密，只有县里能打开；并带有本站的数字签名，改动过的数据包会被识别出来。',
      '',
      '县里工作人员：',
      '  1. 用“人大代表联络站”县级程序导入：station-desk county import --data 县级数据文件夹 这些.sdpkg文件，',
      '     或在县里的数据接收页面上传这些文件。',
      '  2. 导入后会为每个数据包生成回执文件（.receipt），请把回执文件拷回这个U盘，',
      '     带回联络站，在“数据上报”页面点“导入回执”。',
      '',
      '联络站的数据包要等收到回执、确认县里已收到后才会删除，请不要改动或删除这些文件。',
      '',
    ].join('\r\n')
  );
}

/**
 * Copies every package not yet confirmed (and not refused) into `folder` (a USB stick), each
 * file whole or not at all, with a 说明.txt for the county's clerk, and marks them 已拷贝到U盘.
 */
export async function copyToFolder(
  ctx: ServiceContext,
  folder: string,
): Promise<{ folder: string; files: string[]; readme: string | null }> {
  await checkFolder(folder);
  try {
    await access(folder, constants.W_OK);
  } catch {
    throw new StationError(
      'FOLDER_NOT_WRITABLE',
      `文件夹“${folder}”不能写入（U盘可能有写保护或已拔出）。请检查后重新选择。`,
      'folder',
    );
  }
  const rows = await ctx.db
    .selectFrom('outbox')
    .selectAll()
    .where('state', 'not in', ['已确认', '被拒绝'])
    .orderBy('seq')
    .execute();
  if (rows.length === 0) return { folder, files: [], readme: null };
  for (const row of rows) {
    if (!existsSync(packagePath(ctx, row.file_name))) {
      throw new StationError(
        'PACKAGE_MISSING',
        `数据包文件 ${row.file_name} 不见了（可能被删除）。请重新生成一个完整数据包后再拷贝。`,
      );
    }
  }

  const files: string[] = [];
  try {
    for (const row of rows) {
      const source = packagePath(ctx, row.file_name);
      const target = join(folder, row.file_name);
      if (!(await sameFile(source, target))) {
        await placeAtomically(target, (temp) => copyFile(source, temp));
      }
      files.push(row.file_name);
    }
    const station = await ctx.db
      .selectFrom('station')
      .select('name')
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    const profile = await getProfile(ctx);
    await placeAtomically(join(folder, README_FILE), (temp) =>
      writeFile(temp, readmeText(station?.name ?? '联络站', profile?.county ?? '', files), 'utf8'),
    );
  } catch (error) {
    if (error instanceof StationError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new StationError(
      'COPY_FAILED',
      code === 'ENOSPC'
        ? `U盘空间不够，已拷贝 ${files.length} 个数据包。请换一个空间更大的U盘后重新拷贝。`
        : `拷贝到“${folder}”时出错（${code ?? '未知错误'}），已拷贝 ${files.length} 个数据包。请检查U盘后重新拷贝。`,
    );
  }

  const at = nowAt(ctx);
  const ids = rows.map((r) => r.id);
  await ctx.db.transaction().execute(async (trx) => {
    await trx.updateTable('outbox').set({ copied_at: at }).where('id', 'in', ids).execute();
    await trx
      .updateTable('outbox')
      .set({ state: '已拷贝到U盘', state_at: at })
      .where('id', 'in', ids)
      .where('state', 'in', ['已生成', '上传中'])
      .execute();
  });
  return { folder, files, readme: README_FILE };
}

/** Reads the county's .receipt files from `folder` and applies each. */
export async function importReceipts(
  ctx: ServiceContext,
  folder: string,
): Promise<{ confirmed: number; rejected: number; skipped: { file: string; reason: string }[] }> {
  await checkFolder(folder);
  if (!(await getProfile(ctx))) {
    throw new StationError(
      ErrorCode.noProfile,
      '还没有设置县级配置，无法核对回执。请先在“数据上报”页导入县里发的配置文件。',
    );
  }
  const names = (await readdir(folder))
    .filter((n) => n.toLowerCase().endsWith(RECEIPT_EXTENSION) && !n.startsWith('.'))
    .sort();
  const result = { confirmed: 0, rejected: 0, skipped: [] as { file: string; reason: string }[] };
  for (const file of names) {
    const path = join(folder, file);
    let document: unknown;
    try {
      const info = await stat(path);
      if (!info.isFile() || info.size > MAX_RECEIPT_FILE_BYTES) throw new Error('not a receipt');
      document = JSON.parse(await readFile(path, 'utf8'));
    } catch {
      result.skipped.push({ file, reason: BAD_FORMAT });
      continue;
    }
    const outcome = await applyReceipt(ctx, document);
    if (outcome.status === null) {
      result.skipped.push({ file, reason: outcome.reason });
      continue;
    }
    result.confirmed += outcome.confirmed;
    result.rejected += outcome.rejected;
  }
  return result;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** Removable drives (Windows drive letters, /media, /run/media, /Volumes) that exist now. */
export function listDrives(): { path: string; label: string }[] {
  if (process.platform === 'win32') {
    const drives: { path: string; label: string }[] = [];
    for (let c = 'D'.charCodeAt(0); c <= 'Z'.charCodeAt(0); c++) {
      const letter = String.fromCharCode(c);
      if (isDirectory(`${letter}:\\`)) drives.push({ path: `${letter}:\\`, label: `U盘 (${letter}:)` });
    }
    return drives;
  }
  const user = process.env.USER ?? process.env.LOGNAME ?? '';
  const roots = [...(user ? [join('/media', user), join('/run/media', user)] : []), '/media', '/Volumes'];
  const seen = new Set<string>();
  const drives: { path: string; label: string }[] = [];
  for (const root of roots) {
    let names: string[];
    try {
      names = readdirSync(root);
    } catch {
      continue;
    }
    for (const name of names.sort()) {
      const path = join(root, name);
      // /media/<user> itself is a folder of drives, not a drive; macOS lists the system disk too.
      if (seen.has(path) || roots.includes(path) || (root === '/Volumes' && name === 'Macintosh HD')) {
        continue;
      }
      if (!isDirectory(path)) continue;
      seen.add(path);
      drives.push({ path, label: `U盘 (${name})` });
    }
  }
  return drives;
}
