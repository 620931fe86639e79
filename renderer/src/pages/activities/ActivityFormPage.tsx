import { useRef, useState, type ReactNode } from 'react';
import {
  Alert,
  App,
  Button,
  Col,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Radio,
  Row,
  Select,
  Skeleton,
  Space,
  Tag,
} from 'antd';
import { DeleteOutlined, PlusOutlined, TeamOutlined } from '@ant-design/icons';
import {
  Controller,
  useController,
  useFieldArray,
  useForm,
  useWatch,
  type Control,
  type Resolver,
} from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { useNavigate, useSearchParams } from 'react-router-dom';
import dayjs, { type Dayjs } from 'dayjs';
import type { z } from 'zod';
import { call, errorMessage, useCall, useMutate } from '../../api';
import {
  activityInput,
  type Activity,
  type ActivityInput,
  type PlanItem,
} from '../../../../main/api/contract';
import { FormField } from '../../components/FormField';
import { LoadProblem } from '../../components/LoadProblem';
import { PageHeader } from '../../components/PageHeader';
import { SaveProblem } from '../../components/SaveProblem';
import { readFileAsBase64 } from '../../lib/download';
import { useDebounced } from '../../lib/use-debounced';
import { PhotoThumb } from './PhotoThumb';
import {
  ACTIVITY_TYPES,
  ISO_DATE,
  PARTICIPANT_ATTENDANCE,
  PLAN_STATUS_COLOR,
  planWhen,
  type ActivityType,
  type Attendance,
} from './labels';
import { paperFormKeyDown } from '../../lib/form-keys';
import { errorAt, firstErrorPath, refusedSave } from '../../lib/form-errors';

type ActivityOutput = z.output<typeof activityInput>;
type FormControl = Control<ActivityInput, unknown, ActivityOutput>;

const TOP_FIELDS = [
  'date',
  'type',
  'theme',
  'place',
  'planItemId',
  'participants',
  'guests',
  'summary',
  'outcomes',
  'photos',
  'votersPresent',
  'ratings',
];
const MAX_PHOTO = 10 * 1024 * 1024;

/** Ratings belong to a 述职 only: for other types they stay in the form (in case the type is switched back) but are not sent. */
function forType(v: ActivityInput): ActivityInput {
  return v.type === '述职' ? v : { ...v, votersPresent: null, ratings: [] };
}
const baseResolver = zodResolver(activityInput);
const resolver: Resolver<ActivityInput, unknown, ActivityOutput> = (values, context, options) =>
  baseResolver(forType(values), context, options);

function valuesOf(a: Activity | undefined, today: string, plan: PlanItem | undefined): ActivityInput {
  if (!a) {
    return {
      date: plan?.date && plan.date <= today ? plan.date : today,
      type: (plan?.type ?? '') as ActivityType,
      theme: plan?.theme ?? '',
      place: '',
      planItemId: plan?.id ?? null,
      participants: [],
      guests: '',
      summary: '',
      outcomes: '',
      photos: [],
      votersPresent: null,
      ratings: [],
    };
  }
  return {
    date: a.date,
    type: a.type,
    theme: a.theme,
    place: a.place,
    planItemId: a.planItemId,
    participants: a.participants.map((p) => ({
      deputyId: p.deputyId,
      attendance: p.attendance,
      note: p.note,
    })),
    guests: a.guests,
    summary: a.summary,
    outcomes: a.outcomes,
    photos: a.photos.map((p) => ({ sha256: p.sha256, fileName: p.fileName })),
    votersPresent: a.votersPresent,
    ratings: a.ratings.map((r) => ({
      deputyId: r.deputyId,
      aspect: r.aspect,
      satisfied: r.satisfied,
      basic: r.basic,
      unsatisfied: r.unsatisfied,
    })),
  };
}

/** /activities/new (?plan=…&year=… to carry out a plan item) and /activities/:id/edit */
export function ActivityFormPage({ id }: { id?: string }) {
  const [params] = useSearchParams();
  const existing = useCall('activities.get', { id: id ?? '' }, { enabled: !!id });
  const todayCall = useCall('duty.today', {});
  const planId = id ? undefined : (params.get('plan') ?? undefined);
  const planYear = Number(params.get('year')) || Number((todayCall.data?.date ?? '').slice(0, 4)) || 0;
  const plan = useCall('plan.list', { year: planYear }, { enabled: !!planId && planYear >= 2000 });
  const roster = useCall('roster.list', { status: '在任', pageSize: 200 });
  const planItem = plan.data?.items.find((i) => i.id === planId);

  const ready =
    (id ? existing.data : true) && todayCall.data && roster.data && (!planId || plan.data || plan.isError);
  const problem =
    (id && existing.isError && { what: '这条活动记录', q: existing }) ||
    (todayCall.isError && { what: '本站日期', q: todayCall }) ||
    (roster.isError && { what: '代表名册', q: roster }) ||
    null;

  return (
    <>
      <PageHeader
        title={id ? (existing.data ? `修改活动记录：${existing.data.theme}` : '修改活动记录') : '记录活动'}
        description="带 * 的必须填写。回车跳到下一格；Ctrl+Enter 保存。"
      />
      {problem && (
        <LoadProblem what={problem.what} error={problem.q.error} onRetry={() => void problem.q.refetch()} />
      )}
      {!ready && !problem && <Skeleton active paragraph={{ rows: 12 }} />}
      {ready && !problem && (
        <ActivityForm
          existing={existing.data}
          today={todayCall.data!.date}
          plan={planItem}
          roster={roster.data!.items}
        />
      )}
    </>
  );
}

interface RosterDeputy {
  id: string;
  name: string;
  groupName: string | null;
  levels: string[];
}

function ActivityForm({
  existing,
  today,
  plan,
  roster,
}: {
  existing: Activity | undefined;
  today: string;
  plan: PlanItem | undefined;
  roster: RosterDeputy[];
}) {
  const navigate = useNavigate();
  const { message, modal } = App.useApp();
  const create = useMutate('activities.create');
  const update = useMutate('activities.update');
  const [formError, setFormError] = useState<string | null>(null);
  const {
    control,
    handleSubmit,
    setError,
    setValue,
    getValues,
    trigger,
    formState: { errors, isDirty, isSubmitted },
  } = useForm<ActivityInput, unknown, ActivityOutput>({
    resolver,
    defaultValues: valuesOf(existing, today, plan),
    mode: 'onTouched',
  });
  const participants = useFieldArray({ control, name: 'participants' });
  const ratings = useFieldArray({ control, name: 'ratings' });
  const type = useWatch({ control, name: 'type' });
  const date = useWatch({ control, name: 'date' });
  const saving = create.isPending || update.isPending;
  /** After a save was tried, a changed count rechecks every row's sum at once (not only its own box). */
  const recheck = () => {
    if (isSubmitted) setTimeout(() => void trigger(['votersPresent', 'ratings']), 0);
  };

  // Names of everyone who may appear: in-office deputies, and those already on a stored record.
  const names = new Map<string, string>(roster.map((d) => [d.id, d.name]));
  for (const p of existing?.participants ?? []) if (!names.has(p.deputyId)) names.set(p.deputyId, p.name);

  const showField = (path: string) => {
    const el =
      document.querySelector(`[data-field="${path}"]`) ??
      document.querySelector(`[data-field="${path.split('.').slice(0, 2).join('.')}"]`) ??
      document.querySelector(`[data-field="${path.split('.')[0]}"]`);
    el?.scrollIntoView({ block: 'center' });
    const input = el?.querySelector<HTMLElement>(
      'input:not([type=hidden]):not([type=file]), textarea, button',
    );
    input?.focus({ preventScroll: true });
  };

  const save = handleSubmit(
    async (values) => {
      setFormError(null);
      try {
        const saved = existing
          ? await update.mutateAsync({ ...values, id: existing.id })
          : await create.mutateAsync(values);
        void message.success(existing ? '活动记录已保存' : '活动已记录');
        // Replace the form in the history: Back from the record goes to where the clerk came from.
        void navigate(`/activities/${saved.id}`, { replace: true });
      } catch (error) {
        setFormError(refusedSave(error, TOP_FIELDS, setError, showField));
      }
    },
    (errs) => {
      setFormError('有几项需要改正，请看标红的地方。');
      const first = firstErrorPath(errs, TOP_FIELDS);
      if (first) setTimeout(() => showField(first), 0);
    },
  );

  const onKeyDown = (event: React.KeyboardEvent<HTMLFormElement>) => paperFormKeyDown(event, save);

  const cancel = () => {
    const leave = () => void navigate(existing ? `/activities/${existing.id}` : '/activities');
    if (!isDirty) return leave();
    modal.confirm({
      title: existing ? '放弃这次修改？' : '放弃这次记录？',
      content: '已经填写的内容将不会保存。',
      okText: '放弃',
      cancelText: '继续填写',
      okButtonProps: { danger: true, size: 'large' },
      cancelButtonProps: { size: 'large' },
      onOk: leave,
    });
  };

  const err = (path: string) => errorAt(errors, path);

  const item = (
    name: string,
    label: ReactNode,
    input: ReactNode,
    opts: { required?: boolean; hint?: ReactNode; md?: number; htmlFor?: string } = {},
  ) => (
    <Col xs={24} md={opts.md ?? 12} key={name}>
      <FormField
        name={name}
        label={label}
        htmlFor={opts.htmlFor ?? `ac-${name}`}
        required={opts.required}
        error={err(name)}
        hint={opts.hint}
      >
        {input}
      </FormField>
    </Col>
  );

  const year = ISO_DATE.test(date ?? '') ? Number(date.slice(0, 4)) : Number(today.slice(0, 4));
  const present = (useWatch({ control, name: 'participants' }) ?? []).map((p) => p.deputyId);

  /** Picking a plan item fills the type and theme the clerk has not filled yet. */
  const pickPlan = (item: PlanItem | undefined) => {
    if (!item) return;
    const v = getValues();
    if (!v.type) setValue('type', item.type, { shouldDirty: true, shouldValidate: true });
    if (!v.theme?.trim()) setValue('theme', item.theme, { shouldDirty: true, shouldValidate: true });
  };

  const addDeputies = (ids: string[]) => {
    const have = new Set((getValues('participants') ?? []).map((p) => p.deputyId));
    const fresh = ids.filter((i) => !have.has(i));
    if (fresh.length)
      participants.append(fresh.map((deputyId) => ({ deputyId, attendance: '出席', note: '' })));
    return fresh.length;
  };

  return (
    <form
      noValidate
      onKeyDown={onKeyDown}
      onSubmit={(e) => (e.preventDefault(), void save())}
      className="deputy-form activity-form"
    >
      <Form layout="vertical" component={false} requiredMark>
        <Row gutter={28}>
          {item(
            'date',
            '活动日期',
            <Controller
              control={control}
              name="date"
              render={({ field }) => (
                <Space.Compact style={{ width: '100%' }}>
                  <Input
                    {...field}
                    id="ac-date"
                    size="large"
                    autoFocus={!existing && !plan}
                    autoComplete="off"
                    className="input-mono"
                    placeholder="如 2026-03-08"
                  />
                  <DatePicker
                    size="large"
                    value={null as Dayjs | null}
                    defaultPickerValue={ISO_DATE.test(field.value ?? '') ? dayjs(field.value) : dayjs(today)}
                    disabledDate={(d) => d.format('YYYY-MM-DD') > today}
                    onChange={(d: Dayjs | null) =>
                      d &&
                      setValue('date', d.format('YYYY-MM-DD'), { shouldDirty: true, shouldValidate: true })
                    }
                    placeholder="选择"
                    aria-label="选择活动日期"
                    allowClear={false}
                    inputReadOnly
                    tabIndex={-1}
                    style={{ width: 110, flex: 'none' }}
                  />
                </Space.Compact>
              )}
            />,
            { required: true, md: 8, hint: '补记以前的活动时改成当天的日期' },
          )}
          {item(
            'planItemId',
            '对应的计划项目',
            <PlanSelect control={control} year={year} onPick={pickPlan} />,
            { md: 16, hint: `${year}年度活动计划里的项目；计划外的活动不用选` },
          )}
          {item(
            'type',
            '活动类型',
            <Controller
              control={control}
              name="type"
              render={({ field }) => (
                <Radio.Group
                  id="ac-type"
                  optionType="button"
                  buttonStyle="solid"
                  size="large"
                  className="activity-type-radios"
                  value={field.value}
                  onChange={(e) => field.onChange(e.target.value)}
                  options={ACTIVITY_TYPES.map((t) => ({ value: t, label: t }))}
                  aria-label="活动类型"
                />
              )}
            />,
            { required: true, md: 24 },
          )}
          {item(
            'theme',
            '活动主题',
            <Controller
              control={control}
              name="theme"
              render={({ field }) => (
                <Input
                  {...field}
                  id="ac-theme"
                  size="large"
                  maxLength={60}
                  showCount
                  autoComplete="off"
                  placeholder="如 学习新修订的代表法"
                />
              )}
            />,
            { required: true, md: 14 },
          )}
          {item(
            'place',
            '活动地点',
            <Controller
              control={control}
              name="place"
              render={({ field }) => (
                <Input
                  {...field}
                  id="ac-place"
                  size="large"
                  maxLength={60}
                  autoComplete="off"
                  placeholder="如 代表联络站会议室"
                />
              )}
            />,
            { required: true, md: 10 },
          )}
        </Row>

        <h2 className="form-section-title">参加代表</h2>
        <div data-field="participants">
          {err('participants') && (
            <Alert className="form-alert" type="error" showIcon title={err('participants')} />
          )}
          <ParticipantPicker
            roster={roster}
            present={present}
            onAdd={(ids) => addDeputies(ids)}
            onAddAll={() => {
              const added = addDeputies(roster.map((d) => d.id));
              void message.info(added ? `已加入 ${added} 位代表` : '在任代表都已在名单里');
            }}
          />
          {participants.fields.length === 0 ? (
            <p className="muted participants-empty">还没有选参加代表。在上面输入姓名或拼音首字母添加。</p>
          ) : (
            <table className="participants-table" data-testid="participants">
              <thead>
                <tr>
                  <th style={{ width: '4em' }}>序号</th>
                  <th style={{ width: '7em' }}>代表</th>
                  <th style={{ width: '20em' }}>出席情况</th>
                  <th>说明</th>
                  <th style={{ width: '5em' }} aria-label="操作" />
                </tr>
              </thead>
              <tbody>
                {participants.fields.map((f, i) => {
                  const name = names.get(f.deputyId) ?? '（名册里没有）';
                  const rowError =
                    err(`participants.${i}.deputyId`) ??
                    err(`participants.${i}.attendance`) ??
                    err(`participants.${i}.note`) ??
                    err(`participants.${i}`);
                  return (
                    <ParticipantRow
                      key={f.id}
                      index={i}
                      name={name}
                      control={control}
                      error={rowError}
                      onRemove={() => participants.remove(i)}
                    />
                  );
                })}
              </tbody>
            </table>
          )}
          <AttendanceSummary control={control} />
        </div>

        <Row gutter={28}>
          {item(
            'guests',
            '其他参加人员',
            <Controller
              control={control}
              name="guests"
              render={({ field }) => (
                <Input
                  {...field}
                  id="ac-guests"
                  size="large"
                  maxLength={500}
                  autoComplete="off"
                  placeholder="如 镇人大主席团成员、镇农业办负责人、选民代表15人"
                />
              )}
            />,
            { md: 24 },
          )}
        </Row>

        {type === '述职' && (
          <RatingsSection
            control={control}
            fields={ratings.fields}
            onAdd={() => {
              const v = getValues();
              const rated = new Set((v.ratings ?? []).map((r) => r.deputyId));
              const next = (v.participants ?? []).find((p) => !rated.has(p.deputyId))?.deputyId ?? '';
              ratings.append({ deputyId: next, aspect: '总体评价', satisfied: 0, basic: 0, unsatisfied: 0 });
            }}
            onRemove={(i) => ratings.remove(i)}
            names={names}
            present={present}
            err={err}
            recheck={recheck}
          />
        )}

        <h2 className="form-section-title">活动情况</h2>
        <Row gutter={28}>
          {item(
            'summary',
            '活动内容',
            <Controller
              control={control}
              name="summary"
              render={({ field }) => (
                <Input.TextArea
                  {...field}
                  id="ac-summary"
                  rows={6}
                  className="matter-text"
                  placeholder="开展了什么活动：议程、发言、看了哪些地方、听取了哪些意见"
                />
              )}
            />,
            { required: true, md: 24 },
          )}
          {item(
            'outcomes',
            '活动成效',
            <Controller
              control={control}
              name="outcomes"
              render={({ field }) => (
                <Input.TextArea
                  {...field}
                  id="ac-outcomes"
                  rows={3}
                  className="matter-text"
                  placeholder="形成了哪些意见建议、解决了什么问题（可以以后补充）"
                />
              )}
            />,
            { md: 24 },
          )}
          {item('photos', '活动照片', <Photos control={control} />, {
            md: 24,
            htmlFor: 'ac-photos',
            hint: '现场照片（JPG、PNG，每张不超过10MB，最多30张）',
          })}
        </Row>
      </Form>

      {formError && <SaveProblem message={formError} testId="form-error" />}
      <div className="form-actions">
        <Button size="large" onClick={cancel} disabled={saving}>
          取消
        </Button>
        <Button type="primary" size="large" htmlType="submit" loading={saving}>
          {existing ? '保存' : '保存活动记录'}
        </Button>
      </div>
    </form>
  );
}

/** The year's plan items, not cancelled, as 3月 · 集中学习 · 学习代表法. */
function PlanSelect({
  control,
  year,
  onPick,
}: {
  control: FormControl;
  year: number;
  onPick: (item: PlanItem | undefined) => void;
}) {
  const { field } = useController({ control, name: 'planItemId' });
  const plan = useCall('plan.list', { year }, { enabled: year >= 2000 && year <= 2100 });
  const items = (plan.data?.items ?? []).filter((i) => i.status !== '取消' || i.id === field.value);
  const known = !field.value || plan.isPending || items.some((i) => i.id === field.value);
  return (
    <Select
      id="ac-planItemId"
      size="large"
      allowClear
      showSearch
      optionFilterProp="search"
      placeholder={plan.isPending ? '读取计划…' : items.length ? '选择计划项目' : '这一年还没有计划项目'}
      loading={plan.isFetching}
      value={field.value ?? undefined}
      onChange={(v?: string) => {
        field.onChange(v ?? null);
        onPick(items.find((i) => i.id === v));
      }}
      onBlur={field.onBlur}
      notFoundContent={plan.isError ? errorMessage(plan.error) : '没有这样的计划项目'}
      options={[
        ...items.map((i) => ({
          value: i.id,
          label: `${planWhen(i)} · ${i.type} · ${i.theme}`,
          search: `${i.month}月 ${i.type} ${i.theme}`,
          status: i.status as string,
        })),
        // A link to another year's item (the date was changed): say so instead of showing its id.
        ...(known
          ? []
          : [
              { value: field.value!, label: `（不在${year}年度计划里，请重新选择）`, search: '', status: '' },
            ]),
      ]}
      optionRender={(o) => (
        <span className="plan-option">
          <span>{o.label}</span>
          {o.data.status && (
            <Tag color={PLAN_STATUS_COLOR[o.data.status as keyof typeof PLAN_STATUS_COLOR]}>
              {o.data.status}
            </Tag>
          )}
        </span>
      )}
    />
  );
}

/** Adds deputies by name, pinyin or initials (the roster searches), or all in office at once. */
function ParticipantPicker({
  roster,
  present,
  onAdd,
  onAddAll,
}: {
  roster: RosterDeputy[];
  present: string[];
  onAdd: (ids: string[]) => void;
  onAddAll: () => void;
}) {
  const [q, setQ] = useState('');
  const debounced = useDebounced(q.trim(), 200);
  const search = useCall(
    'roster.list',
    { status: '在任', q: debounced, pageSize: 50 },
    { enabled: debounced !== '' },
  );
  const found = debounced && search.data ? search.data.items : roster;
  const have = new Set(present);
  const options = found
    .filter((d) => !have.has(d.id))
    .map((d) => ({
      value: d.id,
      label: d.name,
      detail: [d.levels.length ? `${d.levels.join('、')}人大代表` : '', d.groupName ?? '']
        .filter(Boolean)
        .join(' · '),
    }));
  return (
    <div className="participant-picker">
      <Select
        id="ac-participants"
        size="large"
        showSearch
        filterOption={false}
        searchValue={q}
        onSearch={setQ}
        value={null}
        placeholder="添加参加代表：输入姓名、拼音或首字母"
        aria-label="添加参加代表"
        className="participant-select"
        loading={search.isFetching}
        onChange={(v: string | null) => {
          if (v) onAdd([v]);
          setQ('');
        }}
        options={options}
        optionRender={(o) => (
          <span className="deputy-option">
            <span className="deputy-option-name">{o.label}</span>
            {o.data.detail && <span className="muted deputy-option-levels">{o.data.detail}</span>}
          </span>
        )}
        notFoundContent={debounced ? '名册里没有这位在任代表' : '在任代表都已在名单里'}
      />
      <Button size="large" icon={<TeamOutlined />} onClick={onAddAll}>
        全体进站代表
      </Button>
    </div>
  );
}

function ParticipantRow({
  index: i,
  name,
  control,
  error,
  onRemove,
}: {
  index: number;
  name: string;
  control: FormControl;
  error: string | undefined;
  onRemove: () => void;
}) {
  return (
    <>
      <tr
        className={error ? 'participant-row participant-row-error' : 'participant-row'}
        data-testid={`participant-${i}`}
      >
        <td className="muted">{i + 1}</td>
        <td className="participant-name" data-field={`participants.${i}.deputyId`}>
          {name}
        </td>
        <td data-field={`participants.${i}.attendance`}>
          <Controller
            control={control}
            name={`participants.${i}.attendance`}
            render={({ field }) => (
              <Radio.Group
                size="large"
                className="attendance-radios"
                value={field.value}
                onChange={(e) => field.onChange(e.target.value as Attendance)}
                options={PARTICIPANT_ATTENDANCE.map((a) => ({ value: a, label: a }))}
                aria-label={`${name}的出席情况`}
              />
            )}
          />
        </td>
        <td data-field={`participants.${i}.note`}>
          <Controller
            control={control}
            name={`participants.${i}.note`}
            render={({ field }) => (
              <Input
                {...field}
                size="large"
                maxLength={100}
                autoComplete="off"
                placeholder="如 外出开会请假"
                aria-label={`${name}的说明`}
              />
            )}
          />
        </td>
        <td>
          <Button icon={<DeleteOutlined />} onClick={onRemove} aria-label={`移除${name}`}>
            移除
          </Button>
        </td>
      </tr>
      {error && (
        <tr className="participant-error-row">
          <td />
          <td colSpan={4} className="field-error-text" role="alert">
            {error}
          </td>
        </tr>
      )}
    </>
  );
}

function AttendanceSummary({ control }: { control: FormControl }) {
  const list = useWatch({ control, name: 'participants' }) ?? [];
  if (!list.length) return null;
  const n = (a: Attendance) => list.filter((p) => p.attendance === a).length;
  return (
    <p className="attendance-summary" data-testid="attendance-summary">
      共 {list.length} 位：出席 {n('出席')}，请假 {n('请假')}，缺席 {n('缺席')}
    </p>
  );
}

/** 述职: voters present, and per reporting deputy and aspect the three counts, checked as they are typed. */
function RatingsSection({
  control,
  fields,
  onAdd,
  onRemove,
  names,
  present,
  err,
  recheck,
}: {
  control: FormControl;
  recheck: () => void;
  fields: { id: string }[];
  onAdd: () => void;
  onRemove: (i: number) => void;
  names: Map<string, string>;
  present: string[];
  err: (path: string) => string | undefined;
}) {
  const voters = useWatch({ control, name: 'votersPresent' });
  return (
    <section className="ratings-section" data-testid="ratings">
      <h2 className="form-section-title">述职评议（选民满意度测评）</h2>
      <Row gutter={28}>
        <Col xs={24} md={12}>
          <FormField
            name="votersPresent"
            label="到会选民人数"
            htmlFor="ac-votersPresent"
            error={err('votersPresent')}
            hint="参加测评的选民人数；每位述职代表的票数合计应与它相等"
          >
            <Controller
              control={control}
              name="votersPresent"
              render={({ field }) => (
                <InputNumber
                  id="ac-votersPresent"
                  size="large"
                  min={0}
                  max={100000}
                  precision={0}
                  value={field.value}
                  onChange={(v) => {
                    field.onChange(v ?? null);
                    recheck();
                  }}
                  onBlur={field.onBlur}
                  suffix="人"
                  style={{ width: 220 }}
                />
              )}
            />
          </FormField>
        </Col>
      </Row>
      <div data-field="ratings">
        {err('ratings') && <Alert className="form-alert" type="error" showIcon title={err('ratings')} />}
      </div>
      {fields.length > 0 && (
        <table className="ratings-table">
          <thead>
            <tr>
              <th style={{ width: '8.5em' }}>述职代表</th>
              <th style={{ width: '8em' }}>评议项目</th>
              <th style={{ width: '6.5em' }}>满意</th>
              <th style={{ width: '6.5em' }}>基本满意</th>
              <th style={{ width: '6.5em' }}>不满意</th>
              <th>合计</th>
              <th style={{ width: '5em' }} aria-label="操作" />
            </tr>
          </thead>
          <tbody>
            {fields.map((f, i) => (
              <RatingRow
                key={f.id}
                index={i}
                control={control}
                voters={voters ?? null}
                names={names}
                present={present}
                err={err}
                recheck={recheck}
                onRemove={() => onRemove(i)}
              />
            ))}
          </tbody>
        </table>
      )}
      <Button size="large" icon={<PlusOutlined />} onClick={onAdd} className="add-rating">
        添加述职代表的测评票数
      </Button>
    </section>
  );
}

function RatingRow({
  index: i,
  control,
  voters,
  names,
  present,
  err,
  recheck,
  onRemove,
}: {
  index: number;
  control: FormControl;
  recheck: () => void;
  voters: number | null;
  names: Map<string, string>;
  present: string[];
  err: (path: string) => string | undefined;
  onRemove: () => void;
}) {
  const p = `ratings.${i}` as const;
  const row = useWatch({ control, name: p });
  const sum = (row?.satisfied ?? 0) + (row?.basic ?? 0) + (row?.unsatisfied ?? 0);
  const who = names.get(row?.deputyId ?? '') ?? '';
  const keys = ['deputyId', 'aspect', 'satisfied', 'basic', 'unsatisfied'] as const;
  const errorsOfRow = keys.map((k) => err(`${p}.${k}`)).filter((m): m is string => !!m);
  const bad = (k: (typeof keys)[number]) => (err(`${p}.${k}`) ? 'error' : undefined);
  const count = (k: 'satisfied' | 'basic' | 'unsatisfied', label: string) => (
    <td data-field={`${p}.${k}`}>
      <Controller
        control={control}
        name={`${p}.${k}`}
        render={({ field }) => (
          <InputNumber
            size="large"
            min={0}
            max={100000}
            precision={0}
            status={bad(k)}
            value={field.value}
            onChange={(v) => {
              field.onChange(v ?? 0);
              recheck();
            }}
            onBlur={field.onBlur}
            aria-label={`${who}${label}票数`}
            style={{ width: '100%' }}
          />
        )}
      />
    </td>
  );
  return (
    <>
      <tr data-testid={`rating-${i}`}>
        <td data-field={`${p}.deputyId`}>
          <Controller
            control={control}
            name={`${p}.deputyId`}
            render={({ field }) => (
              <Select
                size="large"
                status={bad('deputyId')}
                value={field.value || undefined}
                onChange={(v: string) => {
                  field.onChange(v);
                  recheck();
                }}
                onBlur={field.onBlur}
                placeholder="选择"
                aria-label={`第${i + 1}位述职代表`}
                style={{ width: '100%' }}
                options={present.map((id) => ({ value: id, label: names.get(id) ?? id }))}
                notFoundContent="请先添加参加代表"
              />
            )}
          />
        </td>
        <td data-field={`${p}.aspect`}>
          <Controller
            control={control}
            name={`${p}.aspect`}
            render={({ field }) => (
              <Input
                {...field}
                size="large"
                maxLength={20}
                status={bad('aspect')}
                autoComplete="off"
                aria-label={`${who}评议项目`}
              />
            )}
          />
        </td>
        {count('satisfied', '满意')}
        {count('basic', '基本满意')}
        {count('unsatisfied', '不满意')}
        <td>
          <SumCheck sum={sum} voters={voters} />
        </td>
        <td>
          <Button icon={<DeleteOutlined />} onClick={onRemove} aria-label={`删除第${i + 1}行测评`}>
            删除
          </Button>
        </td>
      </tr>
      {errorsOfRow.length > 0 && (
        <tr className="rating-error-row">
          <td colSpan={7} className="field-error-text" role="alert" data-testid={`rating-${i}-error`}>
            {errorsOfRow.join('；')}
          </td>
        </tr>
      )}
    </>
  );
}

function SumCheck({ sum, voters }: { sum: number; voters: number | null }) {
  if (voters === null) return <span className="muted sum-check">合计{sum}票（请填写到会选民人数）</span>;
  const ok = sum === voters;
  return (
    <span className={ok ? 'sum-check sum-ok' : 'sum-check sum-bad'} data-testid="sum-check">
      合计{sum}票，与到会选民{voters}人{ok ? '相符' : '不符'}
    </span>
  );
}

/** Photos: picked, stored through 'attachment.put', shown as thumbnails with a remove button. */
function Photos({ control }: { control: FormControl }) {
  const { field } = useController({ control, name: 'photos' });
  const inputRef = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const list = field.value ?? [];

  const add = async (files: FileList | null) => {
    if (!files?.length) return;
    setProblem(null);
    setBusy(true);
    const added = [...list];
    try {
      for (const file of [...files]) {
        if (file.size > MAX_PHOTO) {
          setProblem(`“${file.name}”太大（超过10MB），请换一张较小的照片`);
          continue;
        }
        try {
          const base64 = await readFileAsBase64(file);
          const stored = await call('attachment.put', { fileName: file.name, base64 });
          if (!stored.mime.startsWith('image/')) {
            setProblem(`“${file.name}”不是照片，请选择 JPG 或 PNG 图片`);
            continue;
          }
          if (!added.some((a) => a.sha256 === stored.sha256))
            added.push({ sha256: stored.sha256, fileName: stored.fileName });
        } catch (error) {
          setProblem(`“${file.name}”没有加上：${errorMessage(error)}`);
        }
      }
      field.onChange(added);
    } finally {
      setBusy(false);
      if (inputRef.current) inputRef.current.value = '';
    }
  };

  return (
    <div className="activity-photos">
      {list.length > 0 && (
        <div className="photo-grid" data-testid="form-photos">
          {list.map((a, i) => (
            <div key={a.sha256} className="photo-tile">
              <PhotoThumb sha256={a.sha256} fileName={a.fileName} />
              <div className="photo-caption" title={a.fileName}>
                {a.fileName}
              </div>
              <Button
                size="small"
                type="link"
                danger
                onClick={() => field.onChange(list.filter((_, j) => j !== i))}
                aria-label={`移除照片 ${a.fileName}`}
              >
                移除
              </Button>
            </div>
          ))}
        </div>
      )}
      <input
        ref={inputRef}
        type="file"
        multiple
        accept="image/jpeg,image/png,.jpg,.jpeg,.png"
        style={{ display: 'none' }}
        data-testid="photo-file"
        onChange={(e) => void add(e.target.files)}
      />
      <Button
        id="ac-photos"
        size="large"
        icon={<PlusOutlined />}
        loading={busy}
        onClick={() => inputRef.current?.click()}
      >
        添加照片
      </Button>
      {problem && <Alert className="attachment-problem" type="error" showIcon title={problem} />}
    </div>
  );
}
