import { useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Col,
  DatePicker,
  Empty,
  Form,
  Input,
  InputNumber,
  Modal,
  Radio,
  Row,
  Select,
  Skeleton,
  Switch,
  Table,
  Tag,
  ConfigProvider,
} from 'antd';
import {
  DeleteOutlined,
  EditOutlined,
  MinusCircleOutlined,
  PlusOutlined,
  ThunderboltOutlined,
} from '@ant-design/icons';
import { Controller, get, useFieldArray, useForm, useWatch, type FieldPath } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import dayjs, { type Dayjs } from 'dayjs';
import type { z } from 'zod';
import {
  ApiError,
  errorMessage,
  useCall,
  useMutate,
  type DutyRule,
  type DutyRuleInput,
  DUTY_RULE_KINDS,
  dutyRuleInput,
  WEEKDAY_NAMES,
} from '../../api';
import { FormField } from '../../components/FormField';
import { deputyOptions, fullDayText, ISO, useActiveDeputies, useStationToday } from './labels';
import { Field, useSave } from '../../components/ActionForm';
import { SaveProblem } from '../../components/SaveProblem';
import { useRole } from '../../lib/session';

type RuleOutput = z.output<typeof dutyRuleInput>;
const RULE_FIELDS = [
  'name',
  'kind',
  'weekdays',
  'monthDays',
  'months',
  'dates',
  'times',
  'place',
  'deputiesPerSlot',
  'deputyIds',
  'postponeOnHoliday',
  'startDate',
  'endDate',
];
const ODD_MONTHS = [1, 3, 5, 7, 9, 11];
const EVEN_MONTHS = [2, 4, 6, 8, 10, 12];
const ALL_MONTHS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];

function ruleValues(rule: DutyRule | undefined, today: string): DutyRuleInput {
  if (!rule) {
    return {
      name: '接待选民日',
      kind: '每周',
      weekdays: [],
      monthDays: [],
      months: [],
      dates: [],
      times: [{ start: '09:00', end: '11:30' }],
      place: '',
      deputiesPerSlot: 2,
      deputyIds: [],
      postponeOnHoliday: true,
      startDate: today,
      endDate: '',
    };
  }
  const { id: _id, summary: _s, createdAt: _c, updatedAt: _u, ...values } = rule;
  return values;
}

/** 值班规则: the rules, the plan, leave periods and the 受理范围. */
export function RulesTab({ onPlan }: { onPlan: () => void }) {
  const { message, modal } = App.useApp();
  const rules = useCall('duty.rules', {});
  const remove = useMutate('duty.deleteRule');
  const [editing, setEditing] = useState<DutyRule | 'new' | null>(null);

  const confirmDelete = (r: DutyRule) =>
    modal.confirm({
      title: `删除规则「${r.name}」？`,
      content: '以后按这条规则排出的值班（没有手工调整过、也没有登记到岗的）会一并删除；已经过去的值班保留。',
      okText: '删除',
      cancelText: '不删除',
      okButtonProps: { danger: true, size: 'large' },
      cancelButtonProps: { size: 'large' },
      onOk: async () => {
        try {
          await remove.mutateAsync({ id: r.id });
          void message.success(`规则「${r.name}」已删除`);
        } catch (e) {
          void message.error(errorMessage(e));
        }
      },
    });

  return (
    <div className="duty-rules">
      <Card
        className="section-card"
        title="值班规则"
        extra={
          <span className="card-extra-buttons">
            <Button size="large" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
              新建规则
            </Button>
            <Button size="large" type="primary" icon={<ThunderboltOutlined />} onClick={onPlan}>
              生成排班
            </Button>
          </span>
        }
      >
        {rules.isPending && <Skeleton active />}
        {rules.isError && <Alert type="error" showIcon title={errorMessage(rules.error)} />}
        {rules.data && rules.data.length === 0 && (
          <Empty description="还没有值班规则。先新建一条，例如“每周三 9:00–11:30”，再生成排班。" />
        )}
        {rules.data && rules.data.length > 0 && (
          <ul className="rule-list">
            {rules.data.map((r) => (
              <li key={r.id} className="rule-item" data-testid="rule-item">
                <div className="rule-main">
                  <div className="rule-name">{r.name}</div>
                  <div className="rule-summary">{r.summary}</div>
                  <div className="muted rule-dates">
                    {fullDayText(r.startDate)}起{r.endDate ? `，至${fullDayText(r.endDate)}` : ''}
                    {r.place ? ` · ${r.place}` : ''}
                  </div>
                </div>
                <Button size="large" icon={<EditOutlined />} onClick={() => setEditing(r)}>
                  修改
                </Button>
                <Button size="large" danger icon={<DeleteOutlined />} onClick={() => confirmDelete(r)}>
                  删除
                </Button>
              </li>
            ))}
          </ul>
        )}
      </Card>
      <LeavesCard />
      <AcceptScopeCard />
      {editing && (
        <RuleDialog
          rule={editing === 'new' ? undefined : editing}
          onClose={() => setEditing(null)}
          onPlan={onPlan}
        />
      )}
    </div>
  );
}

function RuleDialog({ rule, onClose, onPlan }: { rule?: DutyRule; onClose: () => void; onPlan: () => void }) {
  const { message } = App.useApp();
  const today = useStationToday();
  const deputies = useActiveDeputies();
  const create = useMutate('duty.createRule');
  const update = useMutate('duty.updateRule');
  const [problem, setProblem] = useState<string | null>(null);
  const {
    control,
    handleSubmit,
    setError,
    setValue,
    formState: { errors },
  } = useForm<DutyRuleInput, unknown, RuleOutput>({
    resolver: zodResolver(dutyRuleInput),
    defaultValues: ruleValues(rule, today),
    mode: 'onTouched',
  });
  const times = useFieldArray({ control, name: 'times' });
  const kind = useWatch({ control, name: 'kind' });
  const saving = create.isPending || update.isPending;

  const err = (path: string): string | undefined => {
    const e = get(errors, path) as { message?: string; root?: { message?: string } } | undefined;
    return e?.message ?? e?.root?.message;
  };
  const item = (
    name: string,
    label: string,
    control: React.ReactNode,
    opts: { required?: boolean; hint?: React.ReactNode } = {},
  ) => (
    <FormField
      name={name}
      label={label}
      htmlFor={`rule-${name}`}
      required={opts.required}
      error={err(name)}
      hint={opts.hint}
    >
      {control}
    </FormField>
  );

  const save = handleSubmit(
    async (all) => {
      setProblem(null);
      // Only the chosen kind's days go to the service (the others may hold an earlier choice).
      const values = {
        ...all,
        weekdays: all.kind === '每周' ? all.weekdays : [],
        monthDays: all.kind === '每月' ? all.monthDays : [],
        months: all.kind === '每月' ? all.months : [],
        dates: all.kind === '指定日期' ? all.dates : [],
      };
      try {
        const saved = rule
          ? await update.mutateAsync({ ...values, id: rule.id })
          : await create.mutateAsync(values);
        void message.success(`规则「${saved.name}」已保存：${saved.summary}`);
        onClose();
        if (!rule) onPlan();
      } catch (error) {
        const field = error instanceof ApiError ? error.field : undefined;
        if (field && RULE_FIELDS.includes(field.split('.')[0]!)) {
          setError(field as FieldPath<DutyRuleInput>, {
            type: 'server',
            message: error instanceof Error ? error.message : '',
          });
        } else {
          setProblem(errorMessage(error));
        }
      }
    },
    () => setProblem('有几项需要改正，请看标红的地方。'),
  );

  return (
    <Modal
      open
      title={rule ? `修改值班规则：${rule.name}` : '新建值班规则'}
      width={860}
      onCancel={onClose}
      okText="保存规则"
      cancelText="取消"
      okButtonProps={{ size: 'large', loading: saving }}
      cancelButtonProps={{ size: 'large' }}
      onOk={() => void save()}
      maskClosable={false}
      destroyOnHidden
    >
      <form
        className="action-dialog rule-form"
        noValidate
        onSubmit={(e) => (e.preventDefault(), void save())}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            void save();
          }
        }}
      >
        <Form layout="vertical" component={false} requiredMark>
          <Row gutter={24}>
            <Col span={12}>
              {item(
                'name',
                '规则名称',
                <Controller
                  control={control}
                  name="name"
                  render={({ field }) => <Input {...field} id="rule-name" size="large" />}
                />,
                { required: true },
              )}
            </Col>
            <Col span={12}>
              {item(
                'kind',
                '排班方式',
                <Controller
                  control={control}
                  name="kind"
                  render={({ field }) => (
                    <Radio.Group
                      id="rule-kind"
                      optionType="button"
                      buttonStyle="solid"
                      size="large"
                      value={field.value}
                      onChange={(e) => field.onChange(e.target.value)}
                      options={DUTY_RULE_KINDS.map((k) => ({ value: k, label: k }))}
                      aria-label="排班方式"
                    />
                  )}
                />,
                { required: true },
              )}
            </Col>
          </Row>

          {kind === '每周' &&
            item(
              'weekdays',
              '每周哪几天',
              <Controller
                control={control}
                name="weekdays"
                render={({ field }) => (
                  <Checkbox.Group
                    aria-label="每周哪几天"
                    className="big-checkboxes"
                    value={field.value}
                    onChange={(v) => field.onChange([...(v as number[])].sort((a, b) => a - b))}
                    options={WEEKDAY_NAMES.map((w, i) => ({ value: i + 1, label: w }))}
                  />
                )}
              />,
              { required: true },
            )}

          {kind === '每月' && (
            <>
              {item(
                'monthDays',
                '每月哪几天（日）',
                <Controller
                  control={control}
                  name="monthDays"
                  render={({ field }) => (
                    <Checkbox.Group
                      aria-label="每月哪几天"
                      className="monthday-grid"
                      value={field.value}
                      onChange={(v) => field.onChange([...(v as number[])].sort((a, b) => a - b))}
                      options={Array.from({ length: 31 }, (_, i) => ({ value: i + 1, label: String(i + 1) }))}
                    />
                  )}
                />,
                { required: true, hint: '某月没有的日子（如4月31日）会跳过' },
              )}
              {item(
                'months',
                '哪些月份',
                <Controller
                  control={control}
                  name="months"
                  render={({ field }) => (
                    <div>
                      <div className="month-quick">
                        <Button onClick={() => setValue('months', ODD_MONTHS, { shouldDirty: true })}>
                          单月
                        </Button>
                        <Button onClick={() => setValue('months', EVEN_MONTHS, { shouldDirty: true })}>
                          双月
                        </Button>
                        <Button onClick={() => setValue('months', ALL_MONTHS, { shouldDirty: true })}>
                          每月
                        </Button>
                      </div>
                      <Checkbox.Group
                        aria-label="哪些月份"
                        className="big-checkboxes"
                        value={field.value}
                        onChange={(v) => field.onChange([...(v as number[])].sort((a, b) => a - b))}
                        options={ALL_MONTHS.map((m) => ({ value: m, label: `${m}月` }))}
                      />
                    </div>
                  )}
                />,
                { hint: '都不选就是每个月' },
              )}
            </>
          )}

          {kind === '指定日期' &&
            item(
              'dates',
              '值班日期',
              <Controller
                control={control}
                name="dates"
                render={({ field }) => (
                  <div className="rule-dates-list">
                    <DatePicker
                      id="rule-dates"
                      size="large"
                      format="YYYY-MM-DD"
                      placeholder="选择日期添加"
                      value={null as Dayjs | null}
                      onChange={(d) => {
                        const v = d?.format(ISO);
                        if (v && !(field.value ?? []).includes(v))
                          field.onChange([...(field.value ?? []), v].sort());
                      }}
                      aria-label="添加值班日期"
                    />
                    <div className="rule-date-tags">
                      {(field.value ?? []).map((d) => (
                        <Tag
                          key={d}
                          closable
                          onClose={() => field.onChange((field.value ?? []).filter((x) => x !== d))}
                          className="rule-date-tag"
                        >
                          {d}
                        </Tag>
                      ))}
                    </div>
                  </div>
                )}
              />,
              { required: true },
            )}

          <div data-field="times">
            <FormField name="times" label="时段" htmlFor="rule-times-0-start" required error={err('times')}>
              <div className="time-rows">
                {times.fields.map((f, i) => (
                  <div key={f.id} className="time-row">
                    <Controller
                      control={control}
                      name={`times.${i}.start`}
                      render={({ field }) => (
                        <Input
                          {...field}
                          id={`rule-times-${i}-start`}
                          aria-label={`第${i + 1}个时段开始时间`}
                          size="large"
                          className="input-mono time-input"
                          placeholder="09:00"
                          status={err(`times.${i}.start`) ? 'error' : undefined}
                        />
                      )}
                    />
                    <span>至</span>
                    <Controller
                      control={control}
                      name={`times.${i}.end`}
                      render={({ field }) => (
                        <Input
                          {...field}
                          id={`rule-times-${i}-end`}
                          aria-label={`第${i + 1}个时段结束时间`}
                          size="large"
                          className="input-mono time-input"
                          placeholder="11:30"
                          status={err(`times.${i}.end`) ? 'error' : undefined}
                        />
                      )}
                    />
                    {times.fields.length > 1 && (
                      <Button
                        type="text"
                        icon={<MinusCircleOutlined />}
                        onClick={() => times.remove(i)}
                        aria-label="删去这个时段"
                      >
                        删去
                      </Button>
                    )}
                    {(err(`times.${i}.start`) || err(`times.${i}.end`)) && (
                      <span className="time-row-error">
                        {err(`times.${i}.start`) ?? err(`times.${i}.end`)}
                      </span>
                    )}
                  </div>
                ))}
                {times.fields.length < 6 && (
                  <Button
                    icon={<PlusOutlined />}
                    onClick={() => times.append({ start: '14:30', end: '17:00' })}
                  >
                    再加一个时段
                  </Button>
                )}
              </div>
            </FormField>
          </div>

          <Row gutter={24}>
            <Col span={16}>
              {item(
                'place',
                '地点',
                <Controller
                  control={control}
                  name="place"
                  render={({ field }) => (
                    <Input {...field} id="rule-place" size="large" placeholder="如 联络站接待室" />
                  )}
                />,
                { required: true },
              )}
            </Col>
            <Col span={8}>
              {item(
                'deputiesPerSlot',
                '每班人数',
                <Controller
                  control={control}
                  name="deputiesPerSlot"
                  render={({ field }) => (
                    <InputNumber
                      id="rule-deputiesPerSlot"
                      size="large"
                      min={1}
                      max={20}
                      value={field.value}
                      onChange={(n) => field.onChange(typeof n === 'number' ? n : undefined)}
                      onBlur={field.onBlur}
                      style={{ width: '100%' }}
                    />
                  )}
                />,
                { required: true },
              )}
            </Col>
          </Row>

          {item(
            'deputyIds',
            '轮值代表',
            <Controller
              control={control}
              name="deputyIds"
              render={({ field }) => (
                <Select
                  id="rule-deputyIds"
                  mode="multiple"
                  size="large"
                  showSearch
                  optionFilterProp="searchKeys"
                  placeholder="不选就是全体在任代表轮流值班"
                  value={field.value}
                  onChange={field.onChange}
                  onBlur={field.onBlur}
                  options={deputyOptions(deputies.deputies)}
                />
              )}
            />,
            { hint: '不选 = 全体在任代表轮流；请假、离任的代表自动跳过' },
          )}

          <Row gutter={24}>
            <Col span={8}>
              {item(
                'postponeOnHoliday',
                '节假日顺延',
                <Controller
                  control={control}
                  name="postponeOnHoliday"
                  render={({ field }) => (
                    <Switch
                      id="rule-postponeOnHoliday"
                      checked={field.value}
                      onChange={field.onChange}
                      checkedChildren="顺延"
                      unCheckedChildren="不顺延"
                    />
                  )}
                />,
                { hint: '遇法定节假日，改到下一个工作日' },
              )}
            </Col>
            <Col span={8}>
              {item(
                'startDate',
                '启用日期',
                <Controller
                  control={control}
                  name="startDate"
                  render={({ field }) => (
                    <DatePicker
                      id="rule-startDate"
                      size="large"
                      format="YYYY-MM-DD"
                      allowClear={false}
                      value={field.value ? dayjs(field.value) : null}
                      onChange={(d) => field.onChange(d ? d.format(ISO) : '')}
                      style={{ width: '100%' }}
                    />
                  )}
                />,
                { required: true },
              )}
            </Col>
            <Col span={8}>
              {item(
                'endDate',
                '停用日期（可不填）',
                <Controller
                  control={control}
                  name="endDate"
                  render={({ field }) => (
                    <DatePicker
                      id="rule-endDate"
                      size="large"
                      format="YYYY-MM-DD"
                      value={field.value ? dayjs(field.value) : null}
                      onChange={(d) => field.onChange(d ? d.format(ISO) : '')}
                      style={{ width: '100%' }}
                    />
                  )}
                />,
              )}
            </Col>
          </Row>
          {problem && <SaveProblem message={problem} />}
        </Form>
      </form>
    </Modal>
  );
}

/** 请假期间: deputies away for a while; the rotation skips them. */
function LeavesCard() {
  const { message } = App.useApp();
  const leaves = useCall('duty.leaves', {});
  const deputies = useActiveDeputies();
  const removeLeave = useMutate('duty.removeLeave');
  const { save, errors, problem, saving } = useSave('duty.addLeave');
  const [deputyId, setDeputyId] = useState<string | undefined>();
  const [range, setRange] = useState<[string, string]>(['', '']);
  const [reason, setReason] = useState('');
  const add = async () => {
    const saved = await save({ deputyId: deputyId ?? '', from: range[0], to: range[1], reason }, [
      'deputyId',
      'from',
      'to',
      'reason',
    ]);
    if (saved) {
      void message.success(`已登记 ${saved.deputyName} 的请假期间`);
      setDeputyId(undefined);
      setRange(['', '']);
      setReason('');
    }
  };
  return (
    <Card className="section-card" title="代表请假期间">
      <p className="card-intro">
        代表较长时间不能值班（外出学习、生病等）时登记在这里，生成排班时会跳过他（她）。
      </p>
      <Form layout="vertical" component={false}>
        <div className="leave-form">
          <Field label="代表" name="deputyId" errors={errors} required idPrefix="leave">
            <Select
              id="leave-deputyId"
              size="large"
              showSearch
              optionFilterProp="searchKeys"
              placeholder="选择代表"
              value={deputyId}
              onChange={setDeputyId}
              options={deputyOptions(deputies.deputies)}
              style={{ width: 200 }}
            />
          </Field>
          <FormField
            name="from"
            label="请假期间"
            htmlFor="leave-from"
            required
            error={errors.from ?? errors.to}
          >
            <DatePicker.RangePicker
              id={{ start: 'leave-from', end: 'leave-to' }}
              size="large"
              format="YYYY-MM-DD"
              value={range[0] && range[1] ? [dayjs(range[0]), dayjs(range[1])] : null}
              onChange={(v) => setRange(v?.[0] && v[1] ? [v[0].format(ISO), v[1].format(ISO)] : ['', ''])}
            />
          </FormField>
          <Field label="原因" name="reason" errors={errors} required idPrefix="leave">
            <Input
              id="leave-reason"
              size="large"
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              style={{ width: 260 }}
            />
          </Field>
          <Button
            size="large"
            type="primary"
            loading={saving}
            onClick={() => void add()}
            className="leave-add"
          >
            登记
          </Button>
        </div>
      </Form>
      {problem && <Alert className="form-alert" type="error" showIcon title={problem} />}
      <Table
        rowKey="id"
        size="middle"
        pagination={false}
        loading={leaves.isPending}
        dataSource={leaves.data ?? []}
        locale={{ emptyText: '没有登记请假期间的代表' }}
        columns={[
          {
            key: 'name',
            title: '代表',
            dataIndex: 'deputyName',
            render: (v: string) => <strong>{v}</strong>,
          },
          { key: 'range', title: '期间', render: (_, l) => `${fullDayText(l.from)} — ${fullDayText(l.to)}` },
          { key: 'reason', title: '原因', dataIndex: 'reason' },
          {
            key: 'remove',
            title: '',
            width: 100,
            render: (_, l) => (
              <Button
                danger
                onClick={() =>
                  removeLeave.mutate(
                    { id: l.id },
                    {
                      onSuccess: () => void message.success('已撤销'),
                      onError: (e) => void message.error(errorMessage(e)),
                    },
                  )
                }
              >
                撤销
              </Button>
            ),
          },
        ]}
      />
    </Card>
  );
}

/** 受理范围: printed on every 接待日公告. */
function AcceptScopeCard() {
  const settings = useCall('duty.settings', {});
  const isAdmin = useRole() === 'admin';
  if (settings.isPending) return <Skeleton active />;
  if (settings.isError) return <Alert type="error" showIcon title={errorMessage(settings.error)} />;
  // A clerk sees the text; only an administrator may change it (duty.updateSettings).
  return (
    <ConfigProvider componentDisabled={!isAdmin}>
      <AcceptScopeForm initial={settings.data.acceptScope} />
    </ConfigProvider>
  );
}

function AcceptScopeForm({ initial }: { initial: string }) {
  const { message } = App.useApp();
  const { save, errors, problem, saving } = useSave('duty.updateSettings');
  const [text, setText] = useState(initial);
  return (
    <Card className="section-card" title="受理范围（印在接待日公告上）">
      <Form layout="vertical" component={false}>
        <Field
          label="受理范围"
          name="acceptScope"
          errors={errors}
          required
          idPrefix="scope"
          hint="写明本站接待时受理哪些事项、不受理哪些事项（如 涉诉涉法、信访事项请到相关部门反映）"
        >
          <Input.TextArea
            id="scope-acceptScope"
            rows={5}
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
        </Field>
      </Form>
      {problem && <Alert className="form-alert" type="error" showIcon title={problem} />}
      <Button
        size="large"
        type="primary"
        loading={saving}
        disabled={text === initial}
        onClick={() =>
          void save({ acceptScope: text }, ['acceptScope']).then(
            (r) => r && void message.success('受理范围已保存'),
          )
        }
      >
        保存受理范围
      </Button>
    </Card>
  );
}
