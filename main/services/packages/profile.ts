import { appendAudit } from '../../../db/audit';
import type { CountyProfileTable } from '../../../db/schema';
import { countyProfileInput, type CountyProfile, type CountyProfileInput } from '../../api/contract';
import { ErrorCode, StationError } from '../../api/errors';
import { writeTransaction, type ServiceContext } from '../context';
import { keyIdHex, parsePublicKey } from '../keys';

/**
 * The county profile: who receives this station's packages. The county hands it out as a
 * small JSON file (`county init --profile-out`); the clerk imports it or types it on 数据上报.
 *
 *   { "format": "station-desk/county-profile", "version": 1, "county": "…", "intake_url": "…",
 *     "recipients": [{ "label": "…", "recipient": "age1…" }], "receipt_public_key": "untrusted comment: …\n…" }
 */
export const PROFILE_FORMAT = 'station-desk/county-profile';
export const PROFILE_VERSION = 1;

const FILE_KEYS = ['format', 'version', 'county', 'intake_url', 'recipients', 'receipt_public_key'];

/** The profile file's text, as the county writes it. */
export function profileFileText(profile: CountyProfileInput): string {
  const file = {
    format: PROFILE_FORMAT,
    version: PROFILE_VERSION,
    county: profile.county,
    intake_url: profile.intakeUrl,
    recipients: profile.recipients.map((r) => ({ label: r.label, recipient: r.recipient })),
    receipt_public_key: profile.receiptPublicKey,
  };
  return `${JSON.stringify(file, null, 2)}\n`;
}

function badFile(what: string): StationError {
  return new StationError(ErrorCode.validation, `县级配置文件有误：${what}`);
}

/** The receipt key's id; StationError (on `field`) when the text is not a minisign public key. */
function receiptKeyId(text: string, field?: string): string {
  try {
    return keyIdHex(parsePublicKey(text).keyId);
  } catch {
    throw new StationError(
      ErrorCode.validation,
      '回执签名公钥格式不对：应是县里 minisign 公钥文件的完整内容（两行，第二行以 RW 开头）。请从县里给的配置文件中完整复制。',
      field,
    );
  }
}

/** The profile in a file's text; StationError (Chinese, what is wrong) when it is not one. */
export function parseProfileFile(text: string): CountyProfileInput {
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    throw badFile(
      '这不是县里给的配置文件（内容不是 JSON 格式）。请确认选的是县里发来的配置文件，没有被改动过。',
    );
  }
  const file = data as Record<string, unknown> | null;
  if (
    !file ||
    typeof file !== 'object' ||
    Array.isArray(file) ||
    file.format !== PROFILE_FORMAT ||
    file.version !== PROFILE_VERSION
  ) {
    throw badFile(
      `这不是县级配置文件（应为 ${PROFILE_FORMAT} 第 ${PROFILE_VERSION} 版）。请向县里索取本程序使用的配置文件。`,
    );
  }
  const extra = Object.keys(file).find((k) => !FILE_KEYS.includes(k));
  if (extra) throw badFile(`有不认识的内容“${extra}”。请向县里重新索取配置文件，不要手工修改。`);
  const parsed = countyProfileInput.safeParse({
    county: file.county,
    intakeUrl: file.intake_url ?? '',
    recipients: file.recipients,
    receiptPublicKey: file.receipt_public_key,
  });
  if (!parsed.success) throw badFile(parsed.error.issues[0]!.message);
  try {
    receiptKeyId(parsed.data.receiptPublicKey);
  } catch (error) {
    throw badFile((error as StationError).message);
  }
  return parsed.data;
}

function toProfile(row: CountyProfileTable): CountyProfile {
  return {
    county: row.county,
    intakeUrl: row.intake_url,
    recipients: JSON.parse(row.recipients) as CountyProfile['recipients'],
    receiptPublicKey: row.receipt_public_key,
    receiptKeyId: receiptKeyId(row.receipt_public_key),
    updatedAt: row.updated_at,
  };
}

export async function getProfile(ctx: ServiceContext): Promise<CountyProfile | null> {
  const row = await ctx.db.selectFrom('county_profile').selectAll().where('id', '=', 1).executeTakeFirst();
  return row ? toProfile(row) : null;
}

/**
 * Saves the profile (one row). Audited: whom the packages are encrypted to matters, and the
 * county sees the change in the next package.
 */
export async function setProfile(ctx: ServiceContext, input: CountyProfileInput): Promise<CountyProfile> {
  const keyId = receiptKeyId(input.receiptPublicKey, 'receiptPublicKey');
  const recipients = JSON.stringify(
    input.recipients.map((r) => ({ label: r.label, recipient: r.recipient })),
  );
  await writeTransaction(ctx, async (trx, meta) => {
    const values = {
      county: input.county,
      intake_url: input.intakeUrl,
      recipients,
      receipt_public_key: input.receiptPublicKey,
      updated_at: meta.at,
    };
    await trx
      .insertInto('county_profile')
      .values({ id: 1, ...values })
      .onConflict((oc) => oc.column('id').doUpdateSet(values))
      .execute();
    await appendAudit(
      trx,
      {
        actor: meta.actor,
        action: 'update',
        entity: 'county_profile',
        entityId: '1',
        diff: {
          after: {
            county: input.county,
            intakeUrl: input.intakeUrl,
            recipients: input.recipients,
            receiptKeyId: keyId,
          },
        },
      },
      meta.at,
    );
  });
  return (await getProfile(ctx))!;
}

export async function importProfile(ctx: ServiceContext, text: string): Promise<CountyProfile> {
  return setProfile(ctx, parseProfileFile(text));
}
