import type { z } from 'zod';
import { SAMPLE_STATION } from './station';

// Valid sample inputs derived from the contract's own schemas, so a test can make exactly one
// field wrong (api-validation) or hostile (api-fuzz) and know the rest would pass.

/** A valid value for a field, so that only the field under test is wrong. */
export function validValue(schema: z.ZodType): unknown {
  const probe = [
    SAMPLE_STATION.code,
    1,
    true,
    '2026-01-01',
    // The roster's fields: an id, picks from lists, a year, a hash, a photo.
    '01920000-0000-7000-8000-000000000000',
    '男',
    '汉族',
    '在任',
    ['乡镇'],
    2026,
    'ab'.repeat(32),
    'A'.repeat(200),
    // The reception log's: a local time of visit, visitors, deputies by id, picks from lists.
    '2026-03-08 09:30',
    [{ name: '王五' }],
    ['01920000-0000-7000-8000-000000000000'],
    '来访',
    '电话',
    '满意',
  ];
  return probe.find((v) => schema.safeParse(v).success);
}

/** The object schemas of a call's input: the schema itself, or each branch of a discriminated union. */
export function objectShapes(schema: z.ZodType): Record<string, z.ZodType>[] {
  const union = schema as unknown as { options?: z.ZodObject<Record<string, z.ZodType>>[] };
  if (union.options) return union.options.map((o) => o.shape);
  return [(schema as unknown as z.ZodObject<Record<string, z.ZodType>>).shape];
}

/** Fields whose valid value depends on another field (an end after its start, a weekly rule's days). */
export const SAMPLE_FIELDS: Record<string, unknown> = {
  ...SAMPLE_STATION,
  start: '09:00',
  end: '11:00',
  times: [{ start: '09:00', end: '11:00' }],
  weekdays: [3],
  days: [],
  // A wall notice: the first template needs no subject; A4 paper.
  subject: '',
  paper: { size: 'A4', orientation: 'portrait' },
  texts: {},
  // A county profile: one age recipient (the shape only; these inputs never reach the service).
  intakeUrl: '',
  recipients: [{ label: '县人大常委会', recipient: `age1${'q'.repeat(58)}` }],
  receiptPublicKey: 'untrusted comment: minisign public key',
  // The lock screen's idle timeout: one of the offered choices.
  idleMinutes: 10,
};

/**
 * A valid value for each field of one object shape. `fields` overrides SAMPLE_FIELDS by key
 * (e.g. a real deputy's id), used when it passes the field's schema.
 */
export function sampleFor(
  shape: Record<string, z.ZodType>,
  fields: Record<string, unknown> = {},
): Record<string, unknown> {
  const sample: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(shape)) {
    const preferred = key in fields ? fields[key] : SAMPLE_FIELDS[key];
    // A branch's discriminator: its literal, or the first of its values.
    const def = (field as unknown as { def: { type: string; values?: unknown[]; entries?: object } }).def;
    sample[key] =
      def.type === 'literal'
        ? def.values![0]
        : def.type === 'enum'
          ? Object.values(def.entries!)[0]
          : preferred !== undefined && field.safeParse(preferred).success
            ? preferred
            : validValue(field);
  }
  return sample;
}
