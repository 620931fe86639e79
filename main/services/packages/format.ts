import { z } from 'zod';

/**
 * The package format v1 (DESIGN.md "Packages to the county"): names, the manifest's shape,
 * the signature's trusted comment, the receipt, and the stable refusal codes with the Chinese
 * text that says what to do. The station writes these, the county and `verify` check them.
 *
 *   <station-code>-<seq:6>.sdpkg   a ZIP (entries STORED) of
 *     manifest.json                JSON below, no personal data
 *     manifest.json.minisig        minisign "ED" signature by the station's key
 *     payload.tar.gz.age           age v1 to the county's recipients, of a gzipped tar of
 *       header.json                { package_id, station, seq }
 *       tables/<name>.ndjson       changed rows and tombstones, one JSON object per line
 *       audit.ndjson               the audit rows of the range
 *       attachments/<sha256>       bytes not sent before
 */

export const PACKAGE_FORMAT = 'station-desk/package';
export const PACKAGE_VERSION = 1;
export const PACKAGE_EXTENSION = '.sdpkg';
export const MANIFEST_FILE = 'manifest.json';
export const SIGNATURE_FILE = 'manifest.json.minisig';
export const PAYLOAD_FILE = 'payload.tar.gz.age';
export const HEADER_FILE = 'header.json';
export const AUDIT_FILE = 'audit.ndjson';

/** `LHX-001-000042.sdpkg` */
export function packageFileName(stationCode: string, seq: number): string {
  return `${stationCode}-${String(seq).padStart(6, '0')}${PACKAGE_EXTENSION}`;
}

/**
 * An export seals a package once its uncompressed payload reaches this and goes on in the next
 * one, so no package outgrows the limits below and memory stays bounded at both ends.
 */
export const PACKAGE_PART_BYTES = 256 * 1024 * 1024;

/** The limits the county enforces (and the station never exceeds). */
export const PACKAGE_LIMITS = {
  /** The whole .sdpkg file. */
  maxPackageBytes: 2 * 1024 ** 3,
  maxManifestBytes: 1024 * 1024,
  /** The decrypted, decompressed tar. */
  maxPayloadBytes: 4 * 1024 ** 3,
  /** A decompressed payload larger than this many times the compressed one is a bomb. */
  maxCompressionRatio: 200,
  maxEntries: 100_000,
} as const;

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/);
const stationCode = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9-]{0,31}$/);

export const manifestSchema = z
  .object({
    format: z.literal(PACKAGE_FORMAT),
    version: z.literal(PACKAGE_VERSION),
    package_id: z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
    station: z.object({ code: stationCode, name: z.string().max(200), county: z.string().max(200) }).strict(),
    /** The signing key's id, 16 hex digits as minisign prints it. */
    key_id: z.string().regex(/^[0-9A-F]{16}$/),
    seq: z.number().int().min(1),
    prev_manifest_sha256: sha256Hex.nullable(),
    kind: z.enum(['incremental', 'full']),
    created_at: z.string().max(40),
    app_version: z.string().max(40),
    schema_version: z.number().int().min(1),
    /** rev_from..rev_to of synced rows; audit_from..audit_to of audit rows (0..0: none). */
    range: z
      .object({
        rev_from: z.number().int().min(0),
        rev_to: z.number().int().min(0),
        audit_from: z.number().int().min(0),
        audit_to: z.number().int().min(0),
      })
      .strict(),
    /** Rows per table, plus `audit` and `attachments`. */
    counts: z.record(z.string().regex(/^[a-z_]{1,40}$/), z.number().int().min(0)),
    encryption: z
      .object({ scheme: z.literal('age-v1'), recipients: z.array(z.string().max(200)).min(1).max(10) })
      .strict(),
    files: z
      .array(
        z
          .object({ path: z.literal(PAYLOAD_FILE), size: z.number().int().min(0), sha256: sha256Hex })
          .strict(),
      )
      .length(1),
    /** An export too big for one package is a run of them: this one's place in the run. */
    part: z.object({ index: z.number().int().min(1), last: z.boolean() }).strict(),
    /**
     * Key rotation: the station's next key, announced in a package signed by the current one.
     * From the next package on, the county accepts only the new key.
     */
    next_key: z
      .object({ key_id: z.string().regex(/^[0-9A-F]{16}$/), public_key: z.string().max(200) })
      .strict()
      .nullable(),
  })
  .strict();
export type PackageManifest = z.infer<typeof manifestSchema>;

export const headerSchema = z
  .object({ package_id: z.string(), station: z.string(), seq: z.number().int() })
  .strict();
export type PackageHeader = z.infer<typeof headerSchema>;

/** The signature's trusted comment: what `minisign -V` prints after checking it. */
export function trustedComment(manifest: PackageManifest, manifestSha256: string): string {
  return `format=${manifest.format} version=${manifest.version} station=${manifest.station.code} seq=${manifest.seq} manifest_sha256=${manifestSha256}`;
}

// ---------------------------------------------------------------------------------------
// Receipts: the county's signed answer for one package.

export const RECEIPT_FORMAT = 'station-desk/receipt';
export const RECEIPT_EXTENSION = '.receipt';

export const receiptSchema = z
  .object({
    format: z.literal(RECEIPT_FORMAT),
    version: z.literal(1),
    county: z.string().max(200),
    station: stationCode,
    package_id: z.string().max(40),
    seq: z.number().int().min(1),
    manifest_sha256: sha256Hex,
    /** applied: in the county's books; held: waits for an earlier package; rejected: see code. */
    status: z.enum(['applied', 'held', 'rejected']),
    code: z.string().max(40).nullable(),
    message: z.string().max(500).nullable(),
    /** Every package up to this seq is in the county's books. */
    highest_contiguous_seq: z.number().int().min(0),
    received_at: z.string().max(40),
  })
  .strict();
export type Receipt = z.infer<typeof receiptSchema>;

/** What travels (HTTP body, `<code>-<seq>.receipt` file): the receipt's JSON text and its minisign signature. */
export const signedReceiptSchema = z
  .object({ receipt: z.string().max(4000), signature: z.string().max(1000) })
  .strict();
export type SignedReceipt = z.infer<typeof signedReceiptSchema>;

/** `LHX-001-000042.receipt` */
export function receiptFileName(stationCode: string, seq: number): string {
  return `${stationCode}-${String(seq).padStart(6, '0')}${RECEIPT_EXTENSION}`;
}

// ---------------------------------------------------------------------------------------
// Refusals: one stable code per check, in the order the county runs them.

export const PACKAGE_ERRORS = {
  TOO_LARGE: '数据包超过允许的大小。请在站点重新生成增量数据包，或联系技术支持。',
  BAD_ARCHIVE: '数据包文件已损坏或不是本系统生成的（压缩结构不对）。请让站点重新拷贝该数据包。',
  BAD_MANIFEST: '数据包的清单格式不对，不是本系统生成的数据包。请让站点重新生成。',
  UNKNOWN_STATION: '这个联络站还没有登记（或编码不对）。请先用 county enroll 登记该站的公钥。',
  UNKNOWN_KEY: '数据包的签名密钥不是该站登记的密钥。请核对该站的公钥，必要时重新登记。',
  KEY_REVOKED: '数据包用已停用的密钥签名。请让站点用当前密钥重新生成数据包。',
  BAD_SIGNATURE: '数据包签名校验失败，可能被改动过或不是该站签发。请勿使用，联系该站核实。',
  HASH_MISMATCH: '数据包内容与清单不符，可能在拷贝中损坏或被改动。请让站点重新拷贝。',
  REPLAY: '这个序号的数据包已经收过，内容却不同。请联系该站核实，不要重复导入。',
  GAP: '前面还有数据包没有收到，这个包先保留，等缺少的包到了会按顺序导入。',
  CHAIN_BREAK: '数据包与上一个数据包接不上（链条断开）。请联系该站核实数据包来源。',
  DECRYPT_FAILED: '无法解密数据包：不是发给本县的，或密钥不对。请核对本县的解密密钥。',
  BAD_HEADER: '数据包内部信息与清单不一致，可能被改动过。请联系该站核实。',
  BAD_ROWS: '数据包里的记录格式不对，没有导入任何内容。请联系技术支持。',
  CONFLICT: '数据包里的记录与已收到的记录冲突，没有导入任何内容。请联系该站核实。',
  SCHEMA_NEWER: '数据包来自更新版本的程序。请先升级县级程序再导入。',
} as const;
export type PackageErrorCode = keyof typeof PACKAGE_ERRORS;

/** A refused package: the stable code, the Chinese message for people, a detail for logs. */
export class PackageError extends Error {
  constructor(
    readonly code: PackageErrorCode,
    readonly detail = '',
  ) {
    super(PACKAGE_ERRORS[code]);
    this.name = 'PackageError';
  }
}
