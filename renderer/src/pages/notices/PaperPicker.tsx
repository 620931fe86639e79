import { Button, InputNumber, Radio } from 'antd';
import { SwapOutlined } from '@ant-design/icons';
import { paperSchema } from '../../../../main/api/contract';
import {
  CUSTOM_PAPER_MAX_MM,
  CUSTOM_PAPER_MIN_MM,
  type Paper,
  type PaperOrientation,
} from '../../../../resources/notices/catalog';
import { FormField } from '../../components/FormField';

/** Board sizes print shops commonly take (width × height, mm). */
export const BOARD_PRESETS: readonly [number, number][] = [
  [900, 600],
  [1200, 800],
  [1500, 1000],
  [600, 900],
  [800, 1200],
];

/** What the picker holds: the custom sides may be half-typed (null) or out of range. */
export interface PaperDraft {
  size: Paper['size'];
  orientation: PaperOrientation;
  widthMm: number | null;
  heightMm: number | null;
}

export function draftOf(paper: Paper): PaperDraft {
  return {
    size: paper.size,
    orientation: paper.orientation,
    widthMm: paper.widthMm ?? (paper.orientation === 'landscape' ? 900 : 600),
    heightMm: paper.heightMm ?? (paper.orientation === 'landscape' ? 600 : 900),
  };
}

/** The paper a draft names, or the problems with its custom sides (by side). */
export function paperOfDraft(
  draft: PaperDraft,
): { paper: Paper; errors?: undefined } | { paper?: undefined; errors: Record<string, string> } {
  if (draft.size !== 'custom') return { paper: { size: draft.size, orientation: draft.orientation } };
  const candidate = {
    size: 'custom' as const,
    orientation:
      (draft.widthMm ?? 0) > (draft.heightMm ?? 0) ? ('landscape' as const) : ('portrait' as const),
    widthMm: draft.widthMm ?? undefined,
    heightMm: draft.heightMm ?? undefined,
  };
  const parsed = paperSchema.safeParse(candidate);
  if (parsed.success) return { paper: parsed.data };
  const errors: Record<string, string> = {};
  for (const issue of parsed.error.issues) errors[issue.path.join('.')] ??= issue.message;
  return { errors };
}

/** A4 / A3 / 自定义尺寸, 竖版 / 横版, and a board's sides in millimetres with presets. */
export function PaperPicker({ draft, onChange }: { draft: PaperDraft; onChange: (d: PaperDraft) => void }) {
  const result = paperOfDraft(draft);
  const errors = result.errors ?? {};
  const custom = draft.size === 'custom';
  const setOrientation = (orientation: PaperOrientation) => {
    if (!custom) return onChange({ ...draft, orientation });
    // A board turned on its side: swap the sides so the longer one runs the chosen way.
    const [a, b] = [draft.widthMm ?? 0, draft.heightMm ?? 0];
    const long = Math.max(a, b);
    const short = Math.min(a, b);
    onChange({
      ...draft,
      orientation,
      widthMm: orientation === 'landscape' ? long : short,
      heightMm: orientation === 'landscape' ? short : long,
    });
  };
  const customOrientation: PaperOrientation =
    (draft.widthMm ?? 0) > (draft.heightMm ?? 0) ? 'landscape' : 'portrait';

  return (
    <div className="paper-picker">
      <FormField name="paper.size" label="纸张" htmlFor="paper-size">
        <Radio.Group
          id="paper-size"
          size="large"
          optionType="button"
          buttonStyle="solid"
          value={draft.size}
          onChange={(e) => onChange({ ...draft, size: e.target.value as Paper['size'] })}
          options={[
            { value: 'A4', label: 'A4' },
            { value: 'A3', label: 'A3' },
            { value: 'custom', label: '自定义尺寸' },
          ]}
          aria-label="纸张"
        />
      </FormField>
      <FormField name="paper.orientation" label="方向" htmlFor="paper-orientation">
        <Radio.Group
          id="paper-orientation"
          size="large"
          optionType="button"
          buttonStyle="solid"
          value={custom ? customOrientation : draft.orientation}
          onChange={(e) => setOrientation(e.target.value as PaperOrientation)}
          options={[
            { value: 'portrait', label: '竖版' },
            { value: 'landscape', label: '横版' },
          ]}
          aria-label="方向"
        />
      </FormField>
      {custom && (
        <>
          <div className="paper-custom">
            <FormField
              name="paper.widthMm"
              label="宽（毫米）"
              htmlFor="paper-width"
              error={errors.widthMm}
              required
            >
              <InputNumber
                id="paper-width"
                size="large"
                min={1}
                precision={0}
                value={draft.widthMm}
                onChange={(v) => onChange({ ...draft, widthMm: v })}
                aria-label="宽（毫米）"
              />
            </FormField>
            <Button
              className="paper-swap"
              size="large"
              icon={<SwapOutlined />}
              aria-label="宽高互换"
              title="宽高互换"
              onClick={() => onChange({ ...draft, widthMm: draft.heightMm, heightMm: draft.widthMm })}
            />
            <FormField
              name="paper.heightMm"
              label="高（毫米）"
              htmlFor="paper-height"
              error={errors.heightMm}
              required
            >
              <InputNumber
                id="paper-height"
                size="large"
                min={1}
                precision={0}
                value={draft.heightMm}
                onChange={(v) => onChange({ ...draft, heightMm: v })}
                aria-label="高（毫米）"
              />
            </FormField>
          </div>
          <div className="paper-presets" role="group" aria-label="常用展板尺寸">
            <span className="muted">常用展板：</span>
            {BOARD_PRESETS.map(([w, h]) => (
              <Button
                key={`${w}x${h}`}
                size="middle"
                type={draft.widthMm === w && draft.heightMm === h ? 'primary' : 'default'}
                onClick={() => onChange({ ...draft, widthMm: w, heightMm: h })}
              >
                {w}×{h}
              </Button>
            ))}
          </div>
          <p className="muted paper-hint">
            每边 {CUSTOM_PAPER_MIN_MM}–{CUSTOM_PAPER_MAX_MM} 毫米。展板请保存PDF交给广告印刷店。
          </p>
        </>
      )}
    </div>
  );
}
