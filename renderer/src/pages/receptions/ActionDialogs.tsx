import { useState } from 'react';
import { App, Checkbox, DatePicker, Input, Radio, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import {
  ANSWER_METHODS,
  DISPOSITIONS,
  SATISFACTION_LEVELS,
  type CallInput,
  type ReceptionDetail,
} from '../../api';
import { receivedDate } from './labels';
import { ActionModal, Field, useSave } from '../../components/ActionForm';

function DateInput({
  name,
  value,
  onChange,
  label,
}: {
  name: string;
  value: Dayjs | null;
  onChange: (d: Dayjs | null) => void;
  label: string;
}) {
  return (
    <DatePicker
      id={`dlg-${name}`}
      size="large"
      format="YYYY-MM-DD"
      value={value}
      onChange={(d) => onChange(d)}
      aria-label={label}
      style={{ width: 220 }}
    />
  );
}

const day = (d: Dayjs | null) => (d ? d.format('YYYY-MM-DD') : '');

type Disposition = (typeof DISPOSITIONS)[number];

/** What every action dialog gets: the reception, whether it shows, and how to close it. */
interface DialogProps {
  d: ReceptionDetail;
  open: boolean;
  onClose: () => void;
}

/** 办理: how the matter is handled; each choice asks only for what it needs. */
export function HandleDialog({ d, open, onClose }: DialogProps) {
  const { message } = App.useApp();
  const { save, errors, problem, saving, clear } = useSave('receptions.handle');
  const visit = receivedDate(d.receivedAt);
  const [disposition, setDisposition] = useState<Disposition | undefined>();
  const [date, setDate] = useState<Dayjs | null>(dayjs());
  const [note, setNote] = useState('');
  const [referral, setReferral] = useState('');
  const [answer, setAnswer] = useState('');
  const [satisfaction, setSatisfaction] = useState<(typeof SATISFACTION_LEVELS)[number]>('未表态');
  const [unit, setUnit] = useState('');
  const [deadline, setDeadline] = useState<Dayjs | null>(visit ? dayjs(visit).add(15, 'day') : null);
  const [deputyId, setDeputyId] = useState<string | undefined>(d.deputies[0]?.id);

  const submit = async () => {
    if (!disposition) {
      clear();
      const el = document.getElementById('dlg-disposition');
      el?.querySelector<HTMLElement>('input')?.focus();
    }
    const common = { id: d.id, date: day(date), note };
    let input: CallInput<'receptions.handle'>;
    let shown: string[] = ['date', 'note', 'disposition'];
    switch (disposition) {
      case '不予受理':
        input = { ...common, disposition, referral };
        shown = [...shown, 'referral'];
        break;
      case '当场答复':
        input = { ...common, disposition, answer, satisfaction };
        shown = [...shown, 'answer', 'satisfaction'];
        break;
      case '交办':
      case '转办':
      case '联合接待':
        input = { ...common, disposition, unit, deadline: day(deadline) };
        shown = [...shown, 'unit', 'deadline'];
        break;
      case '转为代表建议':
        input = { ...common, disposition, deputyId: deputyId ?? '', deadline: day(deadline) };
        shown = [...shown, 'deputyId', 'deadline'];
        break;
      default:
        input = { ...common } as unknown as CallInput<'receptions.handle'>;
    }
    const saved = await save(input, shown);
    if (saved) {
      void message.success(`已记录：${disposition}`);
      onClose();
    }
  };

  const unitLabel = disposition === '联合接待' ? '参加联合接待的部门' : '承办单位';
  return (
    <ActionModal
      open={open}
      title={`办理：${d.number} ${d.title}`}
      onClose={onClose}
      onOk={() => void submit()}
      saving={saving}
      problem={problem}
      width={760}
    >
      <Field label="处理方式" name="disposition" errors={errors} required>
        <Radio.Group
          id="dlg-disposition"
          optionType="button"
          buttonStyle="solid"
          size="large"
          className="disposition-radios"
          value={disposition}
          onChange={(e) => setDisposition(e.target.value as Disposition)}
          options={DISPOSITIONS.map((x) => ({ value: x, label: x }))}
          aria-label="处理方式"
        />
      </Field>
      {!disposition && <p className="muted">先选处理方式，再填写需要的内容。</p>}
      {disposition && (
        <>
          <Field label="办理日期" name="date" errors={errors} required>
            <DateInput name="date" label="办理日期" value={date} onChange={setDate} />
          </Field>
          {disposition === '不予受理' && (
            <Field
              label="告知的去向"
              name="referral"
              errors={errors}
              required
              hint="不属于受理范围时，向来访人说明了什么、建议到哪里反映（如 已在诉讼中，告知依法向法院反映）"
            >
              <Input.TextArea
                id="dlg-referral"
                rows={3}
                value={referral}
                onChange={(e) => setReferral(e.target.value)}
              />
            </Field>
          )}
          {disposition === '当场答复' && (
            <>
              <Field
                label="答复内容"
                name="answer"
                errors={errors}
                required
                hint="当场怎么答复的，写明结果或依据"
              >
                <Input.TextArea
                  id="dlg-answer"
                  rows={4}
                  value={answer}
                  onChange={(e) => setAnswer(e.target.value)}
                />
              </Field>
              <Field label="满意度" name="satisfaction" errors={errors}>
                <Radio.Group
                  id="dlg-satisfaction"
                  size="large"
                  value={satisfaction}
                  onChange={(e) => setSatisfaction(e.target.value)}
                  options={SATISFACTION_LEVELS.map((x) => ({ value: x, label: x }))}
                  aria-label="满意度"
                />
              </Field>
            </>
          )}
          {(disposition === '交办' || disposition === '转办' || disposition === '联合接待') && (
            <>
              <Field
                label={unitLabel}
                name="unit"
                errors={errors}
                required
                hint={
                  disposition === '转办' ? '县级有关部门，如 县交通运输局' : '如 莲花镇人民政府、东山村村委会'
                }
              >
                <Input id="dlg-unit" size="large" value={unit} onChange={(e) => setUnit(e.target.value)} />
              </Field>
              <Field label="办理期限" name="deadline" errors={errors} required hint="默认接待之日起15天">
                <DateInput name="deadline" label="办理期限" value={deadline} onChange={setDeadline} />
              </Field>
            </>
          )}
          {disposition === '转为代表建议' && (
            <>
              <Field label="提出建议的代表" name="deputyId" errors={errors} required>
                <Select
                  id="dlg-deputyId"
                  size="large"
                  value={deputyId}
                  onChange={setDeputyId}
                  options={d.deputies.map((x) => ({ value: x.id, label: x.name }))}
                  placeholder={d.deputies.length ? '从接待代表中选择' : '这次接待没有登记代表'}
                  style={{ width: 260 }}
                />
              </Field>
              <Field label="办理期限（可不填）" name="deadline" errors={errors}>
                <DateInput name="deadline" label="办理期限" value={deadline} onChange={setDeadline} />
              </Field>
            </>
          )}
          <Field label="说明（可不填）" name="note" errors={errors}>
            <Input.TextArea id="dlg-note" rows={2} value={note} onChange={(e) => setNote(e.target.value)} />
          </Field>
        </>
      )}
    </ActionModal>
  );
}

/** 催办: a reminder to the receiving unit. */
export function RemindDialog({ d, open, onClose }: DialogProps) {
  const { message } = App.useApp();
  const { save, errors, problem, saving } = useSave('receptions.remind');
  const [date, setDate] = useState<Dayjs | null>(dayjs());
  const [note, setNote] = useState('');
  const submit = async () => {
    if (await save({ id: d.id, date: day(date), note }, ['date', 'note'])) {
      void message.success('催办已记录');
      onClose();
    }
  };
  return (
    <ActionModal
      open={open}
      title={`催办：${d.unit || d.number}`}
      onClose={onClose}
      onOk={() => void submit()}
      saving={saving}
      problem={problem}
    >
      <Field label="催办日期" name="date" errors={errors} required>
        <DateInput name="date" label="催办日期" value={date} onChange={setDate} />
      </Field>
      <Field label="催办情况" name="note" errors={errors} hint="如 电话催办，对方答复本周内办结">
        <Input.TextArea id="dlg-note" rows={3} value={note} onChange={(e) => setNote(e.target.value)} />
      </Field>
    </ActionModal>
  );
}

/** 办理答复: the unit's reply; usually closes the matter. */
export function ReplyDialog({ d, open, onClose }: DialogProps) {
  const { message } = App.useApp();
  const { save, errors, problem, saving } = useSave('receptions.reply');
  const [date, setDate] = useState<Dayjs | null>(dayjs());
  const [unit, setUnit] = useState(d.unit);
  const [text, setText] = useState('');
  const [close, setClose] = useState(true);
  const submit = async () => {
    if (await save({ id: d.id, date: day(date), unit, text, close }, ['date', 'unit', 'text', 'close'])) {
      void message.success(close ? '办理答复已登记，事项已办结' : '办理答复已登记');
      onClose();
    }
  };
  return (
    <ActionModal
      open={open}
      title={`办理答复：${d.number} ${d.title}`}
      onClose={onClose}
      onOk={() => void submit()}
      saving={saving}
      problem={problem}
    >
      <Field label="答复日期" name="date" errors={errors} required>
        <DateInput name="date" label="答复日期" value={date} onChange={setDate} />
      </Field>
      <Field label="答复单位" name="unit" errors={errors} required>
        <Input id="dlg-unit" size="large" value={unit} onChange={(e) => setUnit(e.target.value)} />
      </Field>
      <Field label="答复内容" name="text" errors={errors} required hint="承办单位办了什么、结果如何">
        <Input.TextArea id="dlg-text" rows={4} value={text} onChange={(e) => setText(e.target.value)} />
      </Field>
      <Checkbox checked={close} onChange={(e) => setClose(e.target.checked)} className="dialog-check">
        同时办结
      </Checkbox>
    </ActionModal>
  );
}

/** 反馈: the answer to the visitor and their satisfaction. */
export function AnswerDialog({
  d,
  open,
  onClose,
  onUnsatisfied,
}: DialogProps & {
  onUnsatisfied: () => void;
}) {
  const { message } = App.useApp();
  const { save, errors, problem, saving } = useSave('receptions.answer');
  const [date, setDate] = useState<Dayjs | null>(dayjs());
  const [method, setMethod] = useState<(typeof ANSWER_METHODS)[number]>('电话');
  const [text, setText] = useState(d.reply?.text ?? '');
  const [satisfaction, setSatisfaction] = useState<(typeof SATISFACTION_LEVELS)[number] | undefined>();
  const submit = async () => {
    const saved = await save(
      {
        id: d.id,
        date: day(date),
        method,
        text,
        satisfaction: satisfaction as (typeof SATISFACTION_LEVELS)[number],
      },
      ['date', 'method', 'text', 'satisfaction'],
    );
    if (saved) {
      void message.success('反馈已登记');
      onClose();
      if (satisfaction === '不满意' && 'allowed' in saved && saved.allowed.includes('reopen'))
        onUnsatisfied();
    }
  };
  return (
    <ActionModal
      open={open}
      title={`反馈来访人：${d.visitorNames}`}
      onClose={onClose}
      onOk={() => void submit()}
      saving={saving}
      problem={problem}
    >
      <Field label="反馈日期" name="date" errors={errors} required>
        <DateInput name="date" label="反馈日期" value={date} onChange={setDate} />
      </Field>
      <Field label="反馈方式" name="method" errors={errors} required>
        <Radio.Group
          id="dlg-method"
          optionType="button"
          buttonStyle="solid"
          size="large"
          value={method}
          onChange={(e) => setMethod(e.target.value)}
          options={ANSWER_METHODS.map((x) => ({ value: x, label: x }))}
          aria-label="反馈方式"
        />
      </Field>
      <Field
        label="反馈内容"
        name="text"
        errors={errors}
        required
        hint="告诉来访人办理的结果：解决了什么、怎么解决的，或不能解决的原因"
      >
        <Input.TextArea id="dlg-text" rows={4} value={text} onChange={(e) => setText(e.target.value)} />
      </Field>
      <Field label="来访人满意度" name="satisfaction" errors={errors} required>
        <Radio.Group
          id="dlg-satisfaction"
          size="large"
          value={satisfaction}
          onChange={(e) => setSatisfaction(e.target.value)}
          options={SATISFACTION_LEVELS.map((x) => ({ value: x, label: x }))}
          aria-label="来访人满意度"
        />
      </Field>
    </ActionModal>
  );
}

/** 重新办理: back to 办理中, with the reason (often: the visitor was not satisfied). */
export function ReopenDialog({
  d,
  open,
  onClose,
  unsatisfied,
}: DialogProps & {
  unsatisfied?: boolean;
}) {
  const { message } = App.useApp();
  const { save, errors, problem, saving } = useSave('receptions.reopen');
  const [reason, setReason] = useState(unsatisfied ? '来访人对答复不满意，' : '');
  const submit = async () => {
    if (await save({ id: d.id, reason }, ['reason'])) {
      void message.success('已重新办理');
      onClose();
    }
  };
  return (
    <ActionModal
      open={open}
      title={unsatisfied ? '来访人不满意：要重新办理吗？' : `重新办理：${d.number} ${d.title}`}
      onClose={onClose}
      onOk={() => void submit()}
      okText="重新办理"
      saving={saving}
      problem={problem}
    >
      {unsatisfied && (
        <p className="dialog-lead">
          群众反映的问题要件件有回音。重新办理后，事项回到“办理中”，可以再次交办、催办和反馈。
        </p>
      )}
      <Field label="重新办理的原因" name="reason" errors={errors} required>
        <Input.TextArea
          id="dlg-reason"
          rows={3}
          autoFocus
          value={reason}
          onChange={(e) => setReason(e.target.value)}
        />
      </Field>
    </ActionModal>
  );
}

/** 作废: a registration made by mistake (only while 登记). */
export function VoidDialog({
  d,
  open,
  onClose,
  onVoided,
}: DialogProps & {
  onVoided: () => void;
}) {
  const { message } = App.useApp();
  const { save, errors, problem, saving } = useSave('receptions.void');
  const [reason, setReason] = useState('');
  const submit = async () => {
    if (await save({ id: d.id, reason }, ['reason'])) {
      void message.success(`接待登记 ${d.number} 已作废`);
      onClose();
      onVoided();
    }
  };
  return (
    <ActionModal
      open={open}
      title={`作废：${d.number} ${d.title}`}
      onClose={onClose}
      onOk={() => void submit()}
      okText="作废"
      danger
      saving={saving}
      problem={problem}
    >
      <p className="dialog-lead">只有登记错了才作废。作废后不再出现在登记簿里，操作记录中会保留。</p>
      <Field label="作废原因" name="reason" errors={errors} required>
        <Input.TextArea id="dlg-reason" rows={2} value={reason} onChange={(e) => setReason(e.target.value)} />
      </Field>
    </ActionModal>
  );
}
