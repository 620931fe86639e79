import { afterEach, describe, expect, it } from 'vitest';
import type { CountyProfileInput } from '../../main/api/contract';
import { StationError } from '../../main/api/errors';
import { formatPublicKey, generateSigningKey, keyIdHex } from '../../main/services/keys';
import { generateAgeIdentity } from '../../main/services/packages/age';
import {
  PROFILE_FORMAT,
  getProfile,
  importProfile,
  parseProfileFile,
  profileFileText,
  setProfile,
} from '../../main/services/packages/profile';
import { openTempStation } from '../helpers/station';

const receiptKey = generateSigningKey();
const { recipient } = await generateAgeIdentity();
const escrow = (await generateAgeIdentity()).recipient;

const PROFILE: CountyProfileInput = {
  county: '青山县人大常委会',
  intakeUrl: 'https://qingshan.example/intake',
  recipients: [
    { label: '县人大', recipient },
    { label: '备份密钥', recipient: escrow },
  ],
  receiptPublicKey: formatPublicKey(receiptKey),
};

const fileOf = (changes: Record<string, unknown>) =>
  JSON.stringify({ ...(JSON.parse(profileFileText(PROFILE)) as object), ...changes });

function refusal(text: string): StationError {
  try {
    parseProfileFile(text);
  } catch (error) {
    expect(error).toBeInstanceOf(StationError);
    return error as StationError;
  }
  throw new Error('the file was accepted');
}

describe('county profile file', () => {
  it('round-trips through the file the county hands out', () => {
    const text = profileFileText(PROFILE);
    expect(JSON.parse(text)).toMatchObject({
      format: PROFILE_FORMAT,
      version: 1,
      intake_url: PROFILE.intakeUrl,
      receipt_public_key: PROFILE.receiptPublicKey,
    });
    // The contract's schema trims the key's final newline.
    const parsed = { ...PROFILE, receiptPublicKey: PROFILE.receiptPublicKey.trim() };
    expect(parseProfileFile(text)).toEqual(parsed);
    // A byte-order mark (Windows Notepad) is fine; a missing intake URL means USB only.
    expect(parseProfileFile(`\uFEFF${fileOf({ intake_url: undefined })}`)).toEqual({
      ...parsed,
      intakeUrl: '',
    });
  });

  it('says what is wrong with a file that is not a county profile', () => {
    expect(refusal('county = 青山县').message).toContain('不是 JSON');
    expect(refusal('[1, 2]').message).toContain(PROFILE_FORMAT);
    expect(refusal(fileOf({ format: 'station-desk/package' })).message).toContain('不是县级配置文件');
    expect(refusal(fileOf({ version: 2 })).message).toContain('不是县级配置文件');
    expect(refusal(fileOf({ extra: 1 })).message).toContain('extra');
    expect(refusal(fileOf({ recipients: [] })).message).toContain('至少填写一个县里的加密公钥');
    expect(
      refusal(fileOf({ recipients: [{ label: '县人大', recipient: `${recipient.slice(0, -1)}` }] })).message,
    ).toContain('加密公钥格式不对');
    expect(refusal(fileOf({ receipt_public_key: 'untrusted comment: x\nnot-a-key\n' })).message).toContain(
      '回执签名公钥格式不对',
    );
    expect(refusal(fileOf({ intake_url: 'ftp://county' })).message).toContain('上报地址格式不对');
    for (const text of ['county = 青山县', fileOf({ recipients: [] })])
      expect(refusal(text).message).toMatch(/^县级配置文件有误：/);
  });
});

describe('county profile in the station database', () => {
  const stations: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const close of stations.splice(0)) await close();
  });

  it('keeps one profile, replaced by the next import, and names the receipt key', async () => {
    const { ctx, close } = await openTempStation();
    stations.push(close);
    expect(await getProfile(ctx)).toBeNull();

    const saved = await setProfile(ctx, PROFILE);
    expect(saved).toMatchObject({ ...PROFILE, receiptKeyId: keyIdHex(receiptKey.keyId) });
    expect(await getProfile(ctx)).toEqual(saved);

    const other = generateSigningKey();
    const again = await importProfile(
      ctx,
      fileOf({ county: '白云县', receipt_public_key: formatPublicKey(other) }),
    );
    expect(again).toMatchObject({ county: '白云县', receiptKeyId: keyIdHex(other.keyId) });
    expect(ctx.sqlite.prepare('SELECT count(*) AS n FROM county_profile').get()).toEqual({ n: 1 });
    // Whom packages are encrypted to is audited.
    expect(
      ctx.sqlite.prepare("SELECT count(*) AS n FROM audit_log WHERE entity = 'county_profile'").get(),
    ).toEqual({ n: 2 });
  });

  it('refuses a receipt key that is not a minisign public key, naming the field', async () => {
    const { ctx, close } = await openTempStation();
    stations.push(close);
    const error = await setProfile(ctx, { ...PROFILE, receiptPublicKey: 'RWQ-not-base64' }).then(
      () => null,
      (e: unknown) => e as StationError,
    );
    expect(error).toMatchObject({ code: 'VALIDATION', field: 'receiptPublicKey' });
    expect(await getProfile(ctx)).toBeNull();
  });
});
