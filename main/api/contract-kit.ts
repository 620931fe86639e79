import { z } from 'zod';

// Building blocks for the contract's calls and fields (contract.ts and its per-area parts,
// contract-*.ts). Like the contract, this is imported by the renderer: no Node imports.

export interface TextRule {
  max: number;
  min?: number;
  pattern?: RegExp;
  patternHint?: string;
}

/** A required, trimmed text field. The label goes into every message about it. */
export function text(label: string, rule: TextRule) {
  let s = z
    .string({ error: (iss) => (iss.input === undefined ? `请填写${label}` : `${label}应为文字`) })
    .trim()
    .min(1, `请填写${label}`)
    .max(rule.max, `${label}不能超过${rule.max}个字，请删减`);
  if (rule.min && rule.min > 1) s = s.min(rule.min, `${label}至少需要${rule.min}个字，请写完整`);
  if (rule.pattern) s = s.regex(rule.pattern, rule.patternHint ?? `${label}格式不对`);
  return s.describe(label);
}

/** A call with no input. */
export const noInput = z.object({}).strict();

export const query = <I extends z.ZodType, O extends z.ZodType>(input: I, output: O, doc: string) =>
  ({ kind: 'query', input, output, doc }) as const;
export const mutation = <I extends z.ZodType, O extends z.ZodType>(input: I, output: O, doc: string) =>
  ({ kind: 'mutation', input, output, doc }) as const;

export const uuid = (label: string) =>
  z
    .string({ error: `缺少${label}` })
    .uuid(`${label}格式不对`)
    .describe(label);

/** Optional free text: empty or missing both mean "not filled in" (stored as ''). */
export function optionalText(label: string, max: number) {
  return z
    .string({ error: `${label}应为文字` })
    .trim()
    .max(max, `${label}不能超过${max}个字，请删减`)
    .default('')
    .describe(label);
}

export function pick<T extends readonly [string, ...string[]]>(label: string, values: T) {
  return z.enum(values, { error: `请从列表中选择${label}` }).describe(label);
}

export const folderInput = z
  .object({
    folder: z
      .string({ error: '请选择或填写文件夹' })
      .trim()
      .min(1, '请选择或填写文件夹（例如U盘）')
      .max(1000, '文件夹路径太长')
      .describe('文件夹'),
  })
  .strict();
