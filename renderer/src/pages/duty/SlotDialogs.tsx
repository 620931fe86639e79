import { useState } from 'react';
import { App, DatePicker, Input, InputNumber, Radio, Select } from 'antd';
import dayjs from 'dayjs';
import { useCall, type DutyAssignment, type DutySlot } from '../../api';
import { ActionModal, Field, useSave } from '../../components/ActionForm';
import {
  dayText,
  deputyOptions,
  ISO,
  slotLine,
  timeText,
  useActiveDeputies,
  useStationToday,
  weekdayText,
} from './labels';

export interface AssignmentDialogProps {
  slot: DutySlot;
  assignment: DutyAssignment;
  open: boolean;
  onClose: () => void;
}

const slotTitle = (slot: DutySlot) => `${dayText(slot.date)} ${weekdayText(slot.date)} ${timeText(slot)}`;

/** 请假: asked in advance, with the reason. */
export function LeaveDialog({ slot, assignment, open, onClose }: AssignmentDialogProps) {
  const { message } = App.useApp();
  const { save, errors, problem, saving } = useSave('duty.recordLeave');
  const [reason, setReason] = useState('');
  const submit = async () => {
    if (await save({ assignmentId: assignment.id, reason }, ['reason'])) {
      void message.success(`已登记 ${assignment.deputyName} 请假`);
      onClose();
    }
  };
  return (
    <ActionModal
      open={open}
      title={`请假：${assignment.deputyName}（${slotTitle(slot)}）`}
      onClose={onClose}
      onOk={() => void submit()}
      okText="登记请假"
      saving={saving}
      problem={problem}
    >
      <p className="dialog-lead">
        代表请假应事先向站长说明。请假在出勤统计里计入应到（到了值班当天计入），不算到岗。
      </p>
      <Field label="请假原因" name="reason" errors={errors} required hint="如 外出开会、身体不适">
        <Input.TextArea
          id="dlg-reason"
          rows={2}
          autoFocus
          value={reason}
          onChange={(e) => setReason(e.target.value)}
        />
      </Field>
    </ActionModal>
  );
}

/** 缺席: the day came and the deputy did not. */
export function AbsenceDialog({ slot, assignment, open, onClose }: AssignmentDialogProps) {
  const { message } = App.useApp();
  const { save, errors, problem, saving } = useSave('duty.recordAbsence');
  const [note, setNote] = useState('');
  const submit = async () => {
    if (await save({ assignmentId: assignment.id, note }, ['note'])) {
      void message.success(`已登记 ${assignment.deputyName} 缺席`);
      onClose();
    }
  };
  return (
    <ActionModal
      open={open}
      title={`缺席：${assignment.deputyName}（${slotTitle(slot)}）`}
      onClose={onClose}
      onOk={() => void submit()}
      okText="登记缺席"
      danger
      saving={saving}
      problem={problem}
    >
      <Field label="说明（可不填）" name="note" errors={errors}>
        <Input.TextArea
          id="dlg-note"
          rows={2}
          autoFocus
          value={note}
          onChange={(e) => setNote(e.target.value)}
        />
      </Field>
    </ActionModal>
  );
}

/** 调换: another deputy takes this place, optionally giving theirs on another day in exchange. */
export function SwapDialog({ slot, assignment, open, onClose }: AssignmentDialogProps) {
  const { message } = App.useApp();
  const { save, errors, problem, saving } = useSave('duty.swap');
  const today = useStationToday();
  const deputies = useActiveDeputies();
  const [deputyId, setDeputyId] = useState<string | undefined>();
  const [otherSlotId, setOtherSlotId] = useState<string>('');
  const onSlot = new Set(slot.assignments.filter((a) => a.status !== '调换').map((a) => a.deputyId));
  const theirs = useCall(
    'duty.slots',
    {
      from: today,
      to: dayjs(today).add(182, 'day').format(ISO),
      deputyId: deputyId ?? '',
    },
    { enabled: !!deputyId },
  );
  const exchangeable = (theirs.data ?? []).filter(
    (s) =>
      s.id !== slot.id &&
      s.assignments.some((a) => a.deputyId === deputyId && a.status === '已排班') &&
      !s.assignments.some((a) => a.deputyId === assignment.deputyId && a.status !== '调换'),
  );
  const other = deputies.deputies.find((d) => d.id === deputyId);

  const submit = async () => {
    const input = {
      assignmentId: assignment.id,
      deputyId: deputyId ?? '',
      ...(otherSlotId ? { otherSlotId } : {}),
    };
    if (await save(input, ['deputyId', 'otherSlotId'])) {
      void message.success(`已调换：${other?.name ?? ''}替${assignment.deputyName}值班`);
      onClose();
    }
  };
  return (
    <ActionModal
      open={open}
      title={`调换：${assignment.deputyName}（${slotTitle(slot)}）`}
      onClose={onClose}
      onOk={() => void submit()}
      okText="确认调换"
      saving={saving}
      problem={problem}
      width={700}
    >
      <Field label="由哪位代表来值这一班" name="deputyId" errors={errors} required>
        <Select
          id="dlg-deputyId"
          size="large"
          showSearch
          optionFilterProp="searchKeys"
          placeholder="输入姓名或拼音首字母查找"
          aria-label="调换的代表"
          value={deputyId}
          onChange={(v: string) => {
            setDeputyId(v);
            setOtherSlotId('');
          }}
          loading={deputies.isPending}
          options={deputyOptions(deputies.deputies.filter((d) => !onSlot.has(d.id)))}
          style={{ width: '100%' }}
        />
      </Field>
      {deputyId && (
        <Field
          label="交换方式"
          name="otherSlotId"
          errors={errors}
          hint={`选一班${other?.name ?? '对方'}以后的值班，由${assignment.deputyName}去值，两人互换；不选则只是代班`}
        >
          <Radio.Group
            id="dlg-otherSlotId"
            className="swap-choices"
            value={otherSlotId}
            onChange={(e) => setOtherSlotId(e.target.value as string)}
            options={[
              { value: '', label: `只请${other?.name ?? '对方'}代班，不交换` },
              ...exchangeable.map((s) => ({
                value: s.id,
                label: `换${other?.name ?? '对方'}的 ${slotLine(s)}（${weekdayText(s.date)}）`,
              })),
            ]}
          />
        </Field>
      )}
    </ActionModal>
  );
}

type SlotFields = { date: string; start: string; end: string; place: string; capacity: number; note: string };
const SLOT_FIELDS = ['date', 'start', 'end', 'place', 'capacity', 'note', 'deputyIds'];

function SlotFieldsForm({
  v,
  set,
  errors,
}: {
  v: SlotFields;
  set: (patch: Partial<SlotFields>) => void;
  errors: Record<string, string>;
}) {
  return (
    <div className="slot-form-grid">
      <Field label="值班日期" name="date" errors={errors} required>
        <DatePicker
          id="dlg-date"
          size="large"
          format="YYYY-MM-DD"
          allowClear={false}
          value={v.date ? dayjs(v.date) : null}
          onChange={(d) => d && set({ date: d.format(ISO) })}
          aria-label="值班日期"
          style={{ width: '100%' }}
        />
      </Field>
      <Field label="每班人数" name="capacity" errors={errors} required>
        <InputNumber
          id="dlg-capacity"
          size="large"
          min={1}
          max={20}
          value={v.capacity}
          onChange={(n) => set({ capacity: typeof n === 'number' ? n : 1 })}
          style={{ width: '100%' }}
        />
      </Field>
      <Field label="开始时间" name="start" errors={errors} required>
        <Input
          id="dlg-start"
          size="large"
          className="input-mono"
          placeholder="如 09:00"
          value={v.start}
          onChange={(e) => set({ start: e.target.value })}
        />
      </Field>
      <Field label="结束时间" name="end" errors={errors} required>
        <Input
          id="dlg-end"
          size="large"
          className="input-mono"
          placeholder="如 11:30"
          value={v.end}
          onChange={(e) => set({ end: e.target.value })}
        />
      </Field>
      <div className="slot-form-wide">
        <Field label="地点" name="place" errors={errors} required>
          <Input
            id="dlg-place"
            size="large"
            value={v.place}
            onChange={(e) => set({ place: e.target.value })}
          />
        </Field>
      </div>
      <div className="slot-form-wide">
        <Field label="备注（可不填）" name="note" errors={errors}>
          <Input id="dlg-note" size="large" value={v.note} onChange={(e) => set({ note: e.target.value })} />
        </Field>
      </div>
    </div>
  );
}

/** 修改值班: date, time, place, size, note (the slot is then kept on regeneration). */
export function SlotEditDialog({
  slot,
  open,
  onClose,
}: {
  slot: DutySlot;
  open: boolean;
  onClose: () => void;
}) {
  const { message } = App.useApp();
  const { save, errors, problem, saving } = useSave('duty.updateSlot');
  const [v, setV] = useState<SlotFields>({
    date: slot.date,
    start: slot.start,
    end: slot.end,
    place: slot.place,
    capacity: slot.capacity,
    note: slot.note,
  });
  const submit = async () => {
    if (await save({ id: slot.id, ...v }, SLOT_FIELDS)) {
      void message.success('值班已修改');
      onClose();
    }
  };
  return (
    <ActionModal
      open={open}
      title={`修改值班：${slotLine(slot)}`}
      onClose={onClose}
      onOk={() => void submit()}
      saving={saving}
      problem={problem}
      width={720}
    >
      <p className="dialog-lead">改过的值班在重新生成排班时会保留，不会被覆盖。</p>
      <SlotFieldsForm v={v} set={(p) => setV((x) => ({ ...x, ...p }))} errors={errors} />
    </ActionModal>
  );
}

function DeputyPicker({
  value,
  onChange,
  id,
  label,
}: {
  value: string[];
  onChange: (v: string[]) => void;
  id: string;
  label: string;
}) {
  const deputies = useActiveDeputies();
  return (
    <Select
      id={id}
      mode="multiple"
      size="large"
      showSearch
      optionFilterProp="searchKeys"
      aria-label={label}
      placeholder="输入姓名或拼音首字母查找"
      value={value}
      onChange={onChange}
      loading={deputies.isPending}
      options={deputyOptions(deputies.deputies)}
      style={{ width: '100%' }}
    />
  );
}

/** 调整代表: who is on the slot (those with attendance recorded stay). */
export function SlotDeputiesDialog({
  slot,
  open,
  onClose,
}: {
  slot: DutySlot;
  open: boolean;
  onClose: () => void;
}) {
  const { message } = App.useApp();
  const { save, errors, problem, saving } = useSave('duty.setDeputies');
  const [ids, setIds] = useState(slot.assignments.filter((a) => a.status !== '调换').map((a) => a.deputyId));
  const submit = async () => {
    if (await save({ slotId: slot.id, deputyIds: ids }, ['deputyIds'])) {
      void message.success('值班代表已调整');
      onClose();
    }
  };
  return (
    <ActionModal
      open={open}
      title={`调整代表：${slotLine(slot)}`}
      onClose={onClose}
      onOk={() => void submit()}
      saving={saving}
      problem={problem}
    >
      <Field
        label="值班代表"
        name="deputyIds"
        errors={errors}
        hint={`这一班安排 ${slot.capacity} 人；已登记到岗、请假的代表会保留`}
      >
        <DeputyPicker id="dlg-deputyIds" label="值班代表" value={ids} onChange={setIds} />
      </Field>
    </ActionModal>
  );
}

/** 新增值班: a slot added by hand (e.g. an extra reception day). */
export function CreateSlotDialog({
  date,
  place,
  open,
  onClose,
  onCreated,
}: {
  date: string;
  place: string;
  open: boolean;
  onClose: () => void;
  onCreated?: (slot: DutySlot) => void;
}) {
  const { message } = App.useApp();
  const { save, errors, problem, saving } = useSave('duty.createSlot');
  const [v, setV] = useState<SlotFields>({
    date,
    start: '09:00',
    end: '11:30',
    place,
    capacity: 2,
    note: '',
  });
  const [ids, setIds] = useState<string[]>([]);
  const submit = async () => {
    const slot = await save({ ...v, deputyIds: ids }, SLOT_FIELDS);
    if (slot) {
      void message.success(`已新增 ${slotLine(slot)} 的值班`);
      onClose();
      onCreated?.(slot);
    }
  };
  return (
    <ActionModal
      open={open}
      title="新增值班"
      onClose={onClose}
      onOk={() => void submit()}
      saving={saving}
      problem={problem}
      width={720}
    >
      <SlotFieldsForm v={v} set={(p) => setV((x) => ({ ...x, ...p }))} errors={errors} />
      <Field label="值班代表（可以以后再安排）" name="deputyIds" errors={errors}>
        <DeputyPicker id="dlg-deputyIds" label="值班代表" value={ids} onChange={setIds} />
      </Field>
    </ActionModal>
  );
}

export type AssignmentDialog = { kind: 'leave' | 'absence' | 'swap'; assignment: DutyAssignment } | null;

/** The dialogs an assignment row opens (shared by the drawer and the home page). */
export function AssignmentDialogs({
  slot,
  dialog,
  onClose,
}: {
  slot: DutySlot;
  dialog: AssignmentDialog;
  onClose: () => void;
}) {
  if (!dialog) return null;
  const props = { slot, assignment: dialog.assignment, open: true, onClose };
  if (dialog.kind === 'leave') return <LeaveDialog {...props} />;
  if (dialog.kind === 'absence') return <AbsenceDialog {...props} />;
  return <SwapDialog {...props} />;
}
