import { useState } from 'react';
import { Alert, App, Checkbox, DatePicker, Modal, Radio, Skeleton, Spin } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { contract, errorMessage, useCall, useMutate, type DutyPlanResult } from '../../api';
import { dayText, fullDayText, ISO, slotLine, useStationToday } from './labels';

type Pick = '本月' | '下月' | '今年剩余' | '明年' | '自定义';

function pickRange(p: Pick, today: string, custom: [Dayjs, Dayjs] | null): [string, string] {
  const t = dayjs(today);
  switch (p) {
    case '本月':
      return [t.startOf('month').format(ISO), t.endOf('month').format(ISO)];
    case '下月': {
      const m = t.add(1, 'month');
      return [m.startOf('month').format(ISO), m.endOf('month').format(ISO)];
    }
    case '今年剩余':
      return [today, t.endOf('year').format(ISO)];
    case '明年': {
      const y = t.add(1, 'year');
      return [y.startOf('year').format(ISO), y.endOf('year').format(ISO)];
    }
    default:
      return custom ? [custom[0].format(ISO), custom[1].format(ISO)] : ['', ''];
  }
}

/** 生成排班: pick a range, see what would change, then confirm. */
export function PlanDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { message } = App.useApp();
  const today = useStationToday();
  const [pick, setPick] = useState<Pick>('本月');
  const [custom, setCustom] = useState<[Dayjs, Dayjs] | null>(null);
  const [overwriteEdited, setOverwriteEdited] = useState(false);
  const [reassign, setReassign] = useState(false);
  const [from, to] = pickRange(pick, today, custom);
  const input = { from, to, overwriteEdited, reassign };
  const checked = contract['duty.planPreview'].input.safeParse(input);
  const rangeError = checked.success ? null : (checked.error.issues[0]?.message ?? '日期范围不对');
  const preview = useCall('duty.planPreview', input, { enabled: open && checked.success, staleTime: 0 });
  const plan = useMutate('duty.plan');
  const [problem, setProblem] = useState<string | null>(null);

  const confirm = async () => {
    setProblem(null);
    try {
      const r = await plan.mutateAsync(input);
      void message.success(
        `排班已生成：新增 ${r.created.length} 班，调整 ${r.moved.length} 班，删除 ${r.removed.length} 班`,
      );
      onClose();
    } catch (e) {
      setProblem(errorMessage(e));
    }
  };

  return (
    <Modal
      open={open}
      title="生成排班"
      width={780}
      onCancel={onClose}
      okText="确认生成"
      cancelText="取消"
      okButtonProps={{
        size: 'large',
        loading: plan.isPending,
        disabled: !preview.data || preview.isFetching,
      }}
      cancelButtonProps={{ size: 'large' }}
      onOk={() => void confirm()}
      maskClosable={false}
      destroyOnHidden
    >
      <div className="action-dialog plan-dialog" data-testid="plan-dialog">
        <div className="plan-range">
          <Radio.Group
            optionType="button"
            buttonStyle="solid"
            size="large"
            value={pick}
            onChange={(e) => setPick(e.target.value as Pick)}
            options={(['本月', '下月', '今年剩余', '明年', '自定义'] as const).map((p) => ({
              value: p,
              label: p,
            }))}
            aria-label="排班范围"
          />
          {pick === '自定义' && (
            <DatePicker.RangePicker
              size="large"
              format="YYYY-MM-DD"
              value={custom}
              onChange={(v) => setCustom(v?.[0] && v[1] ? [v[0], v[1]] : null)}
              aria-label="排班日期范围"
              status={rangeError && custom ? 'error' : undefined}
            />
          )}
        </div>
        {from && to && (
          <p className="plan-range-text">
            排班范围：{fullDayText(from)} — {fullDayText(to)}（今天以前的值班不会改动）
          </p>
        )}
        {rangeError && (pick !== '自定义' || custom) && (
          <div className="field-error" role="alert">
            {rangeError}
          </div>
        )}
        {pick === '自定义' && !custom && <p className="muted">请选择开始和结束日期。</p>}

        <div className="plan-options">
          <Checkbox checked={overwriteEdited} onChange={(e) => setOverwriteEdited(e.target.checked)}>
            也重新安排我手工调整过的值班
          </Checkbox>
          <Checkbox checked={reassign} onChange={(e) => setReassign(e.target.checked)}>
            重新轮排代表（如有代表离任、请假后）
          </Checkbox>
        </div>

        {preview.isError && (
          <Alert type="error" showIcon title="没能预览排班" description={errorMessage(preview.error)} />
        )}
        {preview.isPending && checked.success && <Skeleton active paragraph={{ rows: 3 }} />}
        {preview.data && (
          <Spin spinning={preview.isFetching}>
            <PlanPreview r={preview.data} />
          </Spin>
        )}
        {problem && (
          <Alert className="form-alert" type="error" showIcon title="没有生成" description={problem} />
        )}
      </div>
    </Modal>
  );
}

function PlanPreview({ r }: { r: DutyPlanResult }) {
  const counts: [string, number, string][] = [
    ['新增', r.created.length, 'add'],
    ['调整', r.moved.length, 'update'],
    ['删除', r.removed.length, 'reject'],
    ['手工调整过而保留', r.keptEdited.length, 'unchanged'],
  ];
  const nothing = !r.created.length && !r.moved.length && !r.removed.length;
  return (
    <div className="plan-preview" data-testid="plan-preview">
      <div className="import-counts">
        {counts.map(([label, n, cls]) => (
          <div key={label} className={`import-count import-count-${cls}`} data-testid={`plan-${label}`}>
            <div className="import-count-value">{n}</div>
            <div>{label}</div>
          </div>
        ))}
      </div>
      <p className="muted">
        不变 {r.unchanged} 班{r.pastSkipped > 0 && `，今天以前的 ${r.pastSkipped} 班不动`}
        {r.assigned > 0 && `，将安排 ${r.assigned} 人次代表`}。{nothing && ' 排班已是最新，没有需要改动的。'}
      </p>
      {r.moved.length > 0 && (
        <details className="plan-details">
          <summary>调整的值班（{r.moved.length}）</summary>
          <ul>
            {r.moved.map((s) => (
              <li key={s.id}>
                {dayText(s.fromDate)} → {slotLine(s)}
              </li>
            ))}
          </ul>
        </details>
      )}
      {r.removed.length > 0 && (
        <details className="plan-details">
          <summary>删除的值班（{r.removed.length}）</summary>
          <ul>
            {r.removed.map((s) => (
              <li key={s.id}>{slotLine(s)}</li>
            ))}
          </ul>
        </details>
      )}
      {r.keptEdited.length > 0 && (
        <div className="plan-kept">
          <strong>这些值班您手工调整过，这次保留不动</strong>（勾选上面第一项可以一并重新安排）：
          <ul>
            {r.keptEdited.map((s) => (
              <li key={s.id}>{slotLine(s)}</li>
            ))}
          </ul>
        </div>
      )}
      {r.warnings.length > 0 && (
        <Alert
          type="warning"
          showIcon
          title="请注意"
          description={
            <ul className="plan-warnings">
              {r.warnings.map((w, i) => (
                <li key={i}>{w}</li>
              ))}
            </ul>
          }
        />
      )}
    </div>
  );
}
