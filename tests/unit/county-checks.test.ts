import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { beforeEach, describe, expect, it } from 'vitest';
import { LATEST_SCHEMA_VERSION } from '../../db/migrations';
import { SYNCED_TABLES } from '../../db/schema';
import { countyStatus, enrollStation, initCounty, receivePackage } from '../../main/services/county/county';
import { formatPublicKey, generateSigningKey, type SigningKey } from '../../main/services/keys';
import { generateAgeIdentity } from '../../main/services/packages/age';
import { PackageError, type PackageErrorCode } from '../../main/services/packages/format';
import { openReceipt } from '../../main/services/packages/receipt';
import { writeTar } from '../../main/services/packages/tar';
import { tempDirs } from '../helpers/temp-dirs';
import { auditRows, makePackage, TEST_STATION, type PackageParts, type Row } from '../support/make-package';

const tmp = tempDirs();

let county: string;
let stationKey: SigningKey;
let recipients: string[];
let receiptPub: string;

const group = (id: string, name: string, rev: number, deleted: string | null = null): Row => ({
  id,
  name,
  rev,
  created_at: '2026-03-01T09:00:00+08:00',
  updated_at: '2026-03-01T09:00:00+08:00',
  deleted_at: deleted,
});
const G1 = '01950000-0000-7000-8000-000000000001';
const G2 = '01950000-0000-7000-8000-000000000002';

beforeEach(async () => {
  const dir = tmp();
  county = join(dir, 'county');
  const profile = join(dir, 'profile.json');
  await initCounty({ dataDir: county, name: '青山县人大常委会', profileOut: profile });
  const p = JSON.parse(readFileSync(profile, 'utf8')) as {
    recipients: { recipient: string }[];
    receipt_public_key: string;
  };
  recipients = p.recipients.map((r) => r.recipient);
  receiptPub = p.receipt_public_key;
  stationKey = generateSigningKey();
  await enrollStation(county, TEST_STATION.code, formatPublicKey(stationKey));
});

const build = (parts: Partial<PackageParts>) => makePackage({ key: stationKey, recipients, ...parts });

/** Every synced row, the audit log and the attachments of the replica. */
function snapshot(): unknown {
  const db = new Database(join(county, 'stations', `${TEST_STATION.code}.db`), { readonly: true });
  try {
    const out: Record<string, unknown> = {};
    for (const t of [...SYNCED_TABLES, 'audit_log', 'attachments', 'county_keys'])
      out[t] = db.prepare(`SELECT * FROM "${t}" ORDER BY 1`).all();
    return out;
  } finally {
    db.close();
  }
}

async function expectRejected(bytes: Buffer, code: PackageErrorCode) {
  const before = snapshot();
  const result = await receivePackage(county, bytes);
  expect(result.code).toBe(code);
  expect(result.status).toBe('rejected');
  const receipt = openReceipt(result.receipt, receiptPub);
  expect(receipt).toMatchObject({ status: 'rejected', code });
  expect(receipt!.message).toMatch(/[\u4e00-\u9fff]/);
  expect(snapshot()).toEqual(before);
}

async function expectThrown(bytes: Buffer, code: PackageErrorCode) {
  const before = snapshot();
  const error = await receivePackage(county, bytes).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PackageError);
  expect((error as PackageError).code).toBe(code);
  expect(snapshot()).toEqual(before);
}

async function applied(parts: Partial<PackageParts>) {
  const pkg = await build(parts);
  const result = await receivePackage(county, pkg.bytes);
  expect(result.code).toBeNull();
  expect(result.status).toBe('applied');
  return { pkg, result };
}

const groups = () => (snapshot() as { deputy_groups: Row[] }).deputy_groups;

describe('a good package', () => {
  it('is applied with a signed receipt, and a duplicate returns the identical receipt', async () => {
    const audit = auditRows([{ action: 'create', entity: 'deputy_groups', entity_id: G1 }]);
    const { pkg, result } = await applied({ tables: { deputy_groups: [group(G1, '第一组', 1)] }, audit });
    expect(openReceipt(result.receipt, receiptPub)).toMatchObject({
      status: 'applied',
      seq: 1,
      package_id: pkg.manifest.package_id,
      manifest_sha256: pkg.manifestSha256,
      highest_contiguous_seq: 1,
    });
    expect(groups()).toEqual([group(G1, '第一组', 1)]);
    const before = snapshot();
    const again = await receivePackage(county, pkg.bytes);
    expect(again).toEqual(result);
    expect(snapshot()).toEqual(before);
  });
});

describe('refusals, each with its code and nothing changed', () => {
  it('TOO_LARGE: a compression bomb and an oversized manifest', async () => {
    await applied({ tables: { deputy_groups: [group(G1, '第一组', 1)] } });
    const first = (await countyStatus(county))[0]!;
    const bomb = gzipSync(writeTar([{ name: 'header.json', data: Buffer.alloc(20 * 1024 * 1024) }]));
    await expectRejected(
      (await build({ seq: 2, prev: readReceiptSha(1), gzipBytes: bomb })).bytes,
      'TOO_LARGE',
    );
    expect(first.lastSeq).toBe(1);
    const huge = Buffer.from(JSON.stringify({ pad: 'x'.repeat(1024 * 1024 + 10) }));
    await expectThrown((await build({ manifestBytes: huge })).bytes, 'TOO_LARGE');
  });

  it('BAD_ARCHIVE: zip slip, symlink, duplicate names, extra entry, truncated, not a zip', async () => {
    const good = await build({ tables: { deputy_groups: [group(G1, '第一组', 1)] } });
    const slip = await build({ extraZipEntries: [{ name: '../../evil.txt', data: Buffer.from('x') }] });
    await expectThrown(slip.bytes, 'BAD_ARCHIVE');
    expect(existsSync(join(dirname(county), 'evil.txt'))).toBe(false);
    const link = await build({
      zipEntries: (e) => e.map((x, i) => (i === 2 ? { ...x, mode: 0o120777 } : x)),
    });
    await expectThrown(link.bytes, 'BAD_ARCHIVE');
    const dup = await build({ zipEntries: (e) => [e[0]!, e[0]!, e[1]!, e[2]!] });
    await expectThrown(dup.bytes, 'BAD_ARCHIVE');
    const extra = await build({ extraZipEntries: [{ name: 'notes.txt', data: Buffer.from('hi') }] });
    await expectThrown(extra.bytes, 'BAD_ARCHIVE');
    const missing = await build({ zipEntries: (e) => e.slice(0, 2) });
    await expectThrown(missing.bytes, 'BAD_ARCHIVE');
    await expectThrown(good.bytes.subarray(0, good.bytes.length - 7), 'BAD_ARCHIVE');
    await expectThrown(Buffer.from('this is not a package'), 'BAD_ARCHIVE');
    // An inner tar with a link, once the station is known: a signed refusal.
    const badTar = Buffer.from(writeTar([{ name: 'header.json', data: Buffer.from('{}') }]));
    badTar[156] = '2'.charCodeAt(0);
    await expectRejected((await build({ gzipBytes: gzipSync(fixChecksum(badTar)) })).bytes, 'BAD_ARCHIVE');
  });

  it('BAD_MANIFEST: not JSON, unknown fields, wrong types', async () => {
    await expectThrown((await build({ manifestBytes: Buffer.from('{not json') })).bytes, 'BAD_MANIFEST');
    await expectThrown((await build({ editManifest: (m) => (m.extra = 1) })).bytes, 'BAD_MANIFEST');
    await expectThrown((await build({ editManifest: (m) => (m.seq = '1') })).bytes, 'BAD_MANIFEST');
  });

  it('UNKNOWN_STATION: a station never enrolled (no receipt: it cannot be told)', async () => {
    await expectThrown(
      (await build({ station: { ...TEST_STATION, code: 'XYZ-009' } })).bytes,
      'UNKNOWN_STATION',
    );
  });

  it('UNKNOWN_KEY: signed by a key the county does not know', async () => {
    await expectRejected((await makePackage({ key: generateSigningKey(), recipients })).bytes, 'UNKNOWN_KEY');
  });

  it('BAD_SIGNATURE: another key under the enrolled id, a forged trusted comment', async () => {
    const other = generateSigningKey();
    await expectRejected(
      (await build({ signWith: { ...other, keyId: stationKey.keyId } })).bytes,
      'BAD_SIGNATURE',
    );
    await expectRejected((await build({ signWith: other })).bytes, 'BAD_SIGNATURE');
    await expectRejected(
      (await build({ trustedComment: 'format=station-desk/package seq=1' })).bytes,
      'BAD_SIGNATURE',
    );
  });

  it('HASH_MISMATCH: the payload altered after signing', async () => {
    const altered = await build({
      tables: { deputy_groups: [group(G1, '第一组', 1)] },
      alterPayload: (p) => {
        const copy = Buffer.from(p);
        copy.writeUInt8(copy[copy.length - 1]! ^ 1, copy.length - 1);
        return copy;
      },
    });
    await expectRejected(altered.bytes, 'HASH_MISMATCH');
  });

  it('REPLAY: the same seq with another manifest, an old seq again', async () => {
    await applied({ tables: { deputy_groups: [group(G1, '第一组', 1)] } });
    await expectRejected(
      (await build({ tables: { deputy_groups: [group(G1, '改名', 2)] } })).bytes,
      'REPLAY',
    );
    await applied({ seq: 2, prev: readReceiptSha(1), tables: { deputy_groups: [group(G2, '第二组', 2)] } });
    await expectRejected((await build({ seq: 1 })).bytes, 'REPLAY');
  });

  it('GAP: a later package is held, then applied in order when the missing one arrives', async () => {
    const p1 = await build({ tables: { deputy_groups: [group(G1, '第一组', 1)] } });
    const p2 = await build({
      seq: 2,
      prev: p1.manifestSha256,
      tables: { deputy_groups: [group(G1, '改名一', 2)] },
    });
    const p3 = await build({
      seq: 3,
      prev: p2.manifestSha256,
      tables: { deputy_groups: [group(G1, '改名二', 3)] },
    });
    expect((await receivePackage(county, p1.bytes)).status).toBe('applied');
    const before = snapshot();
    const held = await receivePackage(county, p3.bytes);
    expect(held).toMatchObject({ status: 'held', code: 'GAP' });
    expect(openReceipt(held.receipt, receiptPub)).toMatchObject({
      status: 'held',
      code: 'GAP',
      highest_contiguous_seq: 1,
    });
    expect(snapshot()).toEqual(before);
    expect(await countyStatus(county)).toMatchObject([
      { code: TEST_STATION.code, lastSeq: 1, held: [3], gaps: [2] },
    ]);
    expect(readdirSync(join(county, 'stations', TEST_STATION.code, 'held'))).toEqual(['3.sdpkg']);

    expect((await receivePackage(county, p2.bytes)).status).toBe('applied');
    // p3 went in after p2: its name wins.
    expect(groups()).toEqual([group(G1, '改名二', 3)]);
    expect(await countyStatus(county)).toMatchObject([{ lastSeq: 3, held: [], gaps: [] }]);
    expect(readdirSync(join(county, 'stations', TEST_STATION.code, 'held'))).toEqual([]);
    // The held package sent again now has its applied receipt.
    const again = await receivePackage(county, p3.bytes);
    expect(openReceipt(again.receipt, receiptPub)).toMatchObject({
      status: 'applied',
      seq: 3,
      highest_contiguous_seq: 3,
    });
  });

  it('CHAIN_BREAK: prev_manifest_sha256 is not the last applied manifest', async () => {
    await applied({ tables: { deputy_groups: [group(G1, '第一组', 1)] } });
    await expectRejected((await build({ seq: 2, prev: 'a'.repeat(64) })).bytes, 'CHAIN_BREAK');
    await expectRejected((await build({ seq: 2, prev: null })).bytes, 'CHAIN_BREAK');
  });

  it('DECRYPT_FAILED: encrypted to someone else', async () => {
    const stranger = await generateAgeIdentity();
    await expectRejected((await build({ recipients: [stranger.recipient] })).bytes, 'DECRYPT_FAILED');
  });

  it('BAD_HEADER: header of another package, or none', async () => {
    const other = { package_id: '01950000-0000-7000-8000-00000000000f', station: TEST_STATION.code, seq: 1 };
    await expectRejected((await build({ header: other })).bytes, 'BAD_HEADER');
    await expectRejected((await build({ header: { ...other, seq: 2 } })).bytes, 'BAD_HEADER');
    await expectRejected((await build({ header: null })).bytes, 'BAD_HEADER');
  });

  it('BAD_ROWS: unknown table or column, no id, wrong counts, broken audit chain, misnamed attachment, dangling reference', async () => {
    const ok = { tables: { deputy_groups: [group(G1, '第一组', 1)] } };
    await expectRejected((await build({ tables: { secrets: [group(G1, 'x', 1)] } })).bytes, 'BAD_ROWS');
    await expectRejected(
      (await build({ tables: { deputy_groups: [{ ...group(G1, 'x', 1), evil: 1 }] } })).bytes,
      'BAD_ROWS',
    );
    const { id: _id, ...noId } = group(G1, 'x', 1);
    await expectRejected((await build({ tables: { deputy_groups: [noId] } })).bytes, 'BAD_ROWS');
    await expectRejected(
      (await build({ ...ok, counts: { deputy_groups: 2, audit: 0, attachments: 0 } })).bytes,
      'BAD_ROWS',
    );
    await expectRejected(
      (await build({ tables: { deputy_groups: [{ ...group(G1, 'x', 1), name: null }] } })).bytes,
      'BAD_ROWS',
    );
    const audit = auditRows([{ action: 'create', entity: 'deputy_groups', entity_id: G1 }]);
    await expectRejected(
      (await build({ ...ok, audit: [{ ...audit[0]!, actor: '别人' }] })).bytes,
      'BAD_ROWS',
    );
    const notFromGenesis = auditRows([{ action: 'create', entity: 'x', entity_id: G1 }], {
      seq: 0,
      hash: 'b'.repeat(64),
    });
    await expectRejected((await build({ ...ok, audit: notFromGenesis })).bytes, 'BAD_ROWS');
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
    await expectRejected(
      (await build({ ...ok, extraTarEntries: [{ name: `attachments/${'c'.repeat(64)}`, data: png }] })).bytes,
      'BAD_ROWS',
    );
    const dangling: Row = {
      id: G2,
      deputy_id: '01950000-0000-7000-8000-0000000000ff',
      status: '在任',
      effective_date: '2026-03-01',
      note: '',
      rev: 1,
      created_at: 'x',
      updated_at: 'x',
      deleted_at: null,
    };
    await expectRejected((await build({ tables: { deputy_status_history: [dangling] } })).bytes, 'BAD_ROWS');
  });

  it('CONFLICT: a row older than the stored one', async () => {
    await applied({ tables: { deputy_groups: [group(G1, '第一组', 5)] } });
    await expectRejected(
      (
        await build({
          seq: 2,
          prev: readReceiptSha(1),
          tables: { deputy_groups: [group(G2, '新组', 6), group(G1, '旧名', 3)] },
        })
      ).bytes,
      'CONFLICT',
    );
  });

  it('SCHEMA_NEWER: made by a newer program', async () => {
    await expectRejected((await build({ schemaVersion: LATEST_SCHEMA_VERSION + 1 })).bytes, 'SCHEMA_NEWER');
  });

  it('KEY_REVOKED: after a rotation only the new key signs; --replace revokes the old one', async () => {
    const next = generateSigningKey();
    await applied({ tables: { deputy_groups: [group(G1, '第一组', 1)] }, nextKey: next });
    await expectRejected((await build({ seq: 2, prev: readReceiptSha(1) })).bytes, 'KEY_REVOKED');
    const p2 = await makePackage({
      key: next,
      recipients,
      seq: 2,
      prev: readReceiptSha(1),
      tables: { deputy_groups: [group(G2, '二', 2)] },
    });
    expect((await receivePackage(county, p2.bytes)).status).toBe('applied');

    // The station lost its key: a new one replaces it only when asked to.
    const fresh = generateSigningKey();
    await expect(enrollStation(county, TEST_STATION.code, formatPublicKey(fresh))).rejects.toThrow(
      /--replace/,
    );
    expect(await enrollStation(county, TEST_STATION.code, formatPublicKey(next))).toMatchObject({
      changed: false,
    });
    await enrollStation(county, TEST_STATION.code, formatPublicKey(fresh), { replace: true });
    await expectRejected(
      (await makePackage({ key: next, recipients, seq: 3, prev: readReceiptSha(2) })).bytes,
      'KEY_REVOKED',
    );
    const p3 = await makePackage({ key: fresh, recipients, seq: 3, prev: readReceiptSha(2) });
    expect((await receivePackage(county, p3.bytes)).status).toBe('applied');
  });
});

/** The manifest hash of the applied package `seq`, from the county's books. */
function readReceiptSha(seq: number): string {
  const db = new Database(join(county, 'stations', `${TEST_STATION.code}.db`), { readonly: true });
  try {
    return db
      .prepare("SELECT manifest_sha256 FROM county_packages WHERE seq = ? AND status = 'applied'")
      .pluck()
      .get(seq) as string;
  } finally {
    db.close();
  }
}

/** Recomputes a ustar header's checksum after a test edited it. */
function fixChecksum(tar: Buffer): Buffer {
  let sum = 8 * 0x20;
  for (let i = 0; i < 512; i++) if (i < 148 || i >= 156) sum += tar[i]!;
  tar.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 'latin1');
  return tar;
}
