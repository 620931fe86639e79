import { useEffect, useRef, useState, type ReactNode } from 'react';
import {
  Alert,
  App,
  Button,
  Checkbox,
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
import { DeleteOutlined, PaperClipOutlined, PlusOutlined, UserAddOutlined } from '@ant-design/icons';
import {
  Controller,
  useController,
  useFieldArray,
  useForm,
  useWatch,
  type Control,
  type FieldErrors,
  type FieldPath,
  type UseFormGetValues,
  type UseFormSetValue,
} from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { useNavigate } from 'react-router-dom';
import dayjs, { type Dayjs } from 'dayjs';
import type { z } from 'zod';
import {
  call,
  errorMessage,
  GENDERS,
  PHONE_PATTERN,
  RECEPTION_CHANNELS,
  receptionInput,
  useCall,
  useMutate,
  type ReceptionDetail,
  type ReceptionInput,
  type VisitorInput,
} from '../../api';
import { FormField } from '../../components/FormField';
import { PageHeader } from '../../components/PageHeader';
import { readFileAsBase64 } from '../../lib/download';
import { receivedDate, toLocalInput } from './labels';
import { SaveProblem } from '../../components/SaveProblem';
import { LoadProblem } from '../../components/LoadProblem';
import { paperFormKeyDown } from '../../lib/form-keys';
import { errorAt, firstErrorPath, refusedSave } from '../../lib/form-errors';
import { useRole, useSession } from '../../lib/session';

type ReceptionOutput = z.output<typeof receptionInput>;
type FormOptions = {
  deputies: {
    id: string;
    name: string;
    levels: string[];
    pinyin: string;
    initials: string;
    onDutyToday: boolean;
    presentNow: boolean;
  }[];
  categories: string[];
  collectIdNumbers: boolean;
  recentStaff: string[];
};

const TOP_FIELDS = [
  'receivedAt',
  'channel',
  'visitors',
  'deputyIds',
  'staff',
  'category',
  'title',
  'matter',
  'confidential',
  'attachments',
];

/**
 * Where a new registration's unsaved words are kept, in case the program or the PC stops: one
 * draft per signed-in account, so the next person to sign in never sees someone else's visitor.
 */
const DRAFT_KEY = 'station-desk.reception-draft';
const draftKeyFor = (userId: string | undefined) => `${DRAFT_KEY}.${userId ?? 'station'}`;
const MAX_FILE = 10 * 1024 * 1024;

const emptyVisitor = (): VisitorInput => ({
  name: '',
  gender: '',
  age: null,
  birthYear: null,
  phone: '',
  address: '',
  groupSize: 1,
  idNumber: '',
});

function nowText(): string {
  return dayjs().format('YYYY-MM-DD HH:mm');
}

/** A stored reception's values, or a new one's (with the deputies on duty right now as receivers). */
function valuesOf(d: ReceptionDetail | undefined, presentDeputyIds: string[] = []): ReceptionInput {
  if (!d) {
    return {
      receivedAt: nowText(),
      channel: '来访',
      visitors: [emptyVisitor()],
      deputyIds: presentDeputyIds,
      staff: [],
      category: '',
      title: '',
      matter: '',
      confidential: false,
      attachments: [],
    };
  }
  return {
    receivedAt: toLocalInput(d.receivedAt),
    channel: d.channel,
    visitors: d.visitors.map((v) => ({
      name: v.name,
      gender: v.gender,
      age: v.age,
      birthYear: v.birthYear,
      phone: v.phone,
      address: v.address,
      groupSize: v.groupSize,
      idNumber: v.idNumber,
    })),
    deputyIds: d.deputies.map((x) => x.id),
    staff: d.staff,
    category: d.category,
    title: d.title,
    matter: d.matter,
    confidential: d.confidential,
    attachments: d.attachments.map((a) => ({ sha256: a.sha256, fileName: a.fileName })),
  };
}

interface Draft {
  savedAt: string;
  values: ReceptionInput;
}

function readDraft(draftKey: string): Draft | null {
  try {
    const raw = localStorage.getItem(draftKey);
    if (!raw) return null;
    const draft = JSON.parse(raw) as Draft;
    return draft && draft.values && Array.isArray(draft.values.visitors) ? draft : null;
  } catch {
    return null;
  }
}

/** A draft worth offering: something was typed beyond the defaults. */
function hasContent(v: ReceptionInput | undefined): boolean {
  if (!v) return false;
  return !!(
    v.title?.trim() ||
    v.matter?.trim() ||
    v.visitors?.some((x) => x.name?.trim() || x.phone?.trim() || x.address?.trim())
  );
}

/** /receptions/new and /receptions/:id/edit */
export function ReceptionFormPage({ id }: { id?: string }) {
  const existing = useCall('receptions.get', { id: id ?? '' }, { enabled: !!id });
  // Fetched afresh for a new registration: who is on duty and present now may have changed
  // since the options were cached, and the form takes its first receivers from them.
  const options = useCall('receptions.formOptions', {}, { refetchOnMount: 'always' });
  const ready = (id ? existing.data : options.isFetchedAfterMount) && options.data;
  return (
    <>
      <PageHeader
        title={id ? (existing.data ? `修改接待登记：${existing.data.number}` : '修改接待登记') : '登记接待'}
        description="带 * 的必须填写。Tab 键到下一项，回车跳到下一格；Ctrl+Enter 保存。"
      />
      {id && existing.isError && (
        <LoadProblem what="这条接待记录" error={existing.error} onRetry={() => void existing.refetch()} />
      )}
      {options.isError && (
        <LoadProblem what="登记选项" error={options.error} onRetry={() => void options.refetch()} />
      )}
      {!ready && !existing.isError && !options.isError && <Skeleton active paragraph={{ rows: 12 }} />}
      {ready && <ReceptionForm existing={existing.data} options={options.data} />}
    </>
  );
}

function ReceptionForm({
  existing,
  options,
}: {
  existing: ReceptionDetail | undefined;
  options: FormOptions;
}) {
  const navigate = useNavigate();
  const role = useRole();
  const draftKey = draftKeyFor(useSession()?.user?.id);
  const { message, modal } = App.useApp();
  const create = useMutate('receptions.create');
  const update = useMutate('receptions.update');
  const [formError, setFormError] = useState<string | null>(null);
  const [draftOffer, setDraftOffer] = useState<Draft | null>(() => {
    if (existing) return null;
    const d = readDraft(draftKey);
    return d && hasContent(d.values) ? d : null;
  });
  const {
    control,
    handleSubmit,
    setError,
    setValue,
    getValues,
    reset,
    formState: { errors, isDirty },
  } = useForm<ReceptionInput, unknown, ReceptionOutput>({
    resolver: zodResolver(receptionInput),
    defaultValues: valuesOf(
      existing,
      options.deputies.filter((d) => d.presentNow).map((d) => d.id),
    ),
    mode: 'onTouched',
  });
  const visitors = useFieldArray({ control, name: 'visitors' });
  const saving = create.isPending || update.isPending;
  const collectIds = options.collectIdNumbers || !!existing?.visitors.some((v) => v.idNumber);

  // Keep a new registration's words in this PC's storage while typing (not while a draft is offered).
  const all = useWatch({ control });
  const keepDraft = !existing && !draftOffer;
  useEffect(() => {
    if (!keepDraft || !isDirty) return;
    // Written at once (a few KB): a crash a moment after the last key loses nothing.
    try {
      localStorage.setItem(draftKey, JSON.stringify({ savedAt: new Date().toISOString(), values: all }));
    } catch {
      // Storage full or off: the form itself still holds everything.
    }
  }, [all, keepDraft, isDirty, draftKey]);

  const showField = (path: string) => {
    const field = path.replace(/\.birthYear$/, '.age');
    const el =
      document.querySelector(`[data-field="${field}"]`) ??
      document.querySelector(`[data-field="${field.split('.')[0]}"]`);
    el?.scrollIntoView({ block: 'center' });
    const input = el?.querySelector<HTMLElement>('input:not([type=hidden]), textarea, button');
    input?.focus({ preventScroll: true });
  };

  const save = handleSubmit(
    async (values) => {
      setFormError(null);
      try {
        const saved = existing
          ? await update.mutateAsync({ ...values, id: existing.id })
          : await create.mutateAsync(values);
        if (!existing) localStorage.removeItem(draftKey);
        void message.success(existing ? '接待登记已保存' : `已登记，编号 ${saved.number}`);
        // Replace the form in the history: Back from the new record goes to where the clerk came from.
        // A confidential reception opens only for administrators: a clerk goes back to the list.
        if (saved.confidential && role !== 'admin') {
          void message.info('这条登记要求保密，保存后只有管理员可以查看。');
          void navigate('/receptions', { replace: true });
        } else void navigate(`/receptions/${saved.id}`, { replace: true });
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
    const leave = () => {
      if (!existing) localStorage.removeItem(draftKey);
      void navigate(existing ? `/receptions/${existing.id}` : '/receptions');
    };
    if (!isDirty) return leave();
    modal.confirm({
      title: existing ? '放弃这次修改？' : '放弃这次登记？',
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
    control: ReactNode,
    opts: { required?: boolean; hint?: ReactNode; span?: number; md?: number; htmlFor?: string } = {},
  ) => {
    const error = err(name) ?? (name.endsWith('.age') ? err(name.replace(/age$/, 'birthYear')) : undefined);
    return (
      <Col xs={24} md={opts.md ?? opts.span ?? 12} key={name}>
        <FormField
          name={name}
          label={label}
          htmlFor={opts.htmlFor ?? `rc-${name}`}
          required={opts.required}
          error={error}
          hint={opts.hint}
        >
          {control}
        </FormField>
      </Col>
    );
  };

  const categories = [...options.categories];
  if (existing && !categories.includes(existing.category)) categories.push(existing.category);
  const deputies = [...options.deputies].sort((a, b) => Number(b.onDutyToday) - Number(a.onDutyToday));
  const staffOptions = options.recentStaff.map((s) => ({ value: s, label: s }));

  return (
    <form
      noValidate
      onKeyDown={onKeyDown}
      onSubmit={(e) => (e.preventDefault(), void save())}
      className="deputy-form reception-form"
    >
      {draftOffer && (
        <Alert
          className="form-alert draft-offer"
          type="warning"
          showIcon
          title="上次有一份没有保存的登记"
          description={`保存于 ${dayjs(draftOffer.savedAt).format('YYYY年M月D日 HH:mm')}${
            draftOffer.values.title ? `：${draftOffer.values.title}` : ''
          }。要接着填写吗？`}
          action={
            <Space direction="vertical">
              <Button
                type="primary"
                size="large"
                onClick={() => {
                  reset({ ...valuesOf(undefined), ...draftOffer.values }, { keepDefaultValues: true });
                  setDraftOffer(null);
                }}
              >
                恢复填写
              </Button>
              <Button
                size="large"
                onClick={() => {
                  localStorage.removeItem(draftKey);
                  setDraftOffer(null);
                }}
              >
                不用了
              </Button>
            </Space>
          }
        />
      )}
      <Form layout="vertical" component={false} requiredMark>
        <Row gutter={28}>
          {item(
            'receivedAt',
            '接待时间',
            <Controller
              control={control}
              name="receivedAt"
              render={({ field }) => (
                <Space.Compact style={{ width: '100%' }}>
                  <Input
                    {...field}
                    id="rc-receivedAt"
                    size="large"
                    autoFocus={!existing && !draftOffer}
                    autoComplete="off"
                    className="input-mono"
                    placeholder="如 2026-03-08 09:30"
                  />
                  <DatePicker
                    showTime={{ format: 'HH:mm' }}
                    size="large"
                    value={null as Dayjs | null}
                    defaultPickerValue={dayjs()}
                    onChange={(d: Dayjs | null) =>
                      d && setValue('receivedAt', d.format('YYYY-MM-DD HH:mm'), { shouldDirty: true })
                    }
                    placeholder="选择"
                    aria-label="选择接待时间"
                    allowClear={false}
                    inputReadOnly
                    tabIndex={-1}
                    style={{ width: 110, flex: 'none' }}
                  />
                </Space.Compact>
              )}
            />,
            { required: true, hint: '默认是现在；补登以前的接待时改成当时的时间' },
          )}
          {item(
            'channel',
            '接待方式',
            <Controller
              control={control}
              name="channel"
              render={({ field }) => (
                <Radio.Group
                  id="rc-channel"
                  optionType="button"
                  buttonStyle="solid"
                  size="large"
                  className="channel-radios"
                  value={field.value}
                  onChange={(e) => field.onChange(e.target.value)}
                  options={RECEPTION_CHANNELS.map((c) => ({ value: c, label: c }))}
                  aria-label="接待方式"
                />
              )}
            />,
            { required: true, hint: '← → 键切换' },
          )}
        </Row>

        <h2 className="form-section-title">来访人</h2>
        <div data-field="visitors">
          {err('visitors') && <Alert className="form-alert" type="error" showIcon title={err('visitors')} />}
        </div>
        {visitors.fields.map((f, i) => (
          <VisitorCard
            key={f.id}
            index={i}
            control={control}
            errors={errors}
            collectIds={collectIds}
            removable={visitors.fields.length > 1}
            onRemove={() => visitors.remove(i)}
            item={item}
            getValues={getValues}
            setValue={setValue}
          />
        ))}
        <Button
          size="large"
          icon={<UserAddOutlined />}
          className="add-visitor"
          onClick={() => {
            visitors.append(emptyVisitor(), { focusName: `visitors.${visitors.fields.length}.name` });
          }}
        >
          再添一位来访人
        </Button>

        <h2 className="form-section-title">接待人员</h2>
        <Row gutter={28}>
          {item(
            'deputyIds',
            '接待代表',
            <Controller
              control={control}
              name="deputyIds"
              render={({ field }) => (
                <Select
                  id="rc-deputyIds"
                  mode="multiple"
                  size="large"
                  showSearch
                  optionFilterProp="searchKeys"
                  placeholder="输入姓名或拼音首字母查找；今日值班的代表排在前面"
                  value={field.value}
                  onChange={field.onChange}
                  onBlur={field.onBlur}
                  options={deputies.map((d) => ({
                    value: d.id,
                    label: d.name,
                    searchKeys: `${d.name} ${d.pinyin} ${d.initials}`,
                    onDuty: d.onDutyToday,
                    levels: d.levels,
                  }))}
                  optionRender={(o) => (
                    <span className="deputy-option">
                      <span className="deputy-option-name">{o.label}</span>
                      {o.data.levels.length > 0 && (
                        <span className="muted deputy-option-levels">{o.data.levels.join('、')}人大代表</span>
                      )}
                      {o.data.onDuty && <Tag color="red">今日值班</Tag>}
                    </span>
                  )}
                  notFoundContent="名册里没有这位代表"
                />
              )}
            />,
            { hint: '可以选几位' },
          )}
          {item(
            'staff',
            '工作人员',
            <Controller
              control={control}
              name="staff"
              render={({ field }) => (
                <Select
                  id="rc-staff"
                  mode="tags"
                  size="large"
                  placeholder="输入姓名后按回车"
                  value={field.value}
                  onChange={(v: string[]) => field.onChange(v.map((s) => s.trim()).filter(Boolean))}
                  onBlur={field.onBlur}
                  options={staffOptions}
                  tokenSeparators={[',', '，', '、']}
                />
              )}
            />,
            { hint: '没有代表在场时，至少填一位工作人员' },
          )}
        </Row>

        <h2 className="form-section-title">反映的问题</h2>
        <Row gutter={28}>
          {item(
            'category',
            '问题类别',
            <Controller
              control={control}
              name="category"
              render={({ field }) => (
                <Radio.Group
                  id="rc-category"
                  optionType="button"
                  buttonStyle="solid"
                  size="large"
                  className="category-radios"
                  value={field.value}
                  onChange={(e) => field.onChange(e.target.value)}
                  options={categories.map((c) => ({ value: c, label: c }))}
                  aria-label="问题类别"
                />
              )}
            />,
            { required: true, span: 24 },
          )}
          {item(
            'title',
            '事项标题',
            <Controller
              control={control}
              name="title"
              render={({ field }) => (
                <Input
                  {...field}
                  id="rc-title"
                  size="large"
                  maxLength={60}
                  showCount
                  autoComplete="off"
                  placeholder="一句话说清是什么事，如 东山村村道路灯损坏"
                />
              )}
            />,
            { required: true, span: 24 },
          )}
          {item(
            'matter',
            '反映内容',
            <Controller
              control={control}
              name="matter"
              render={({ field }) => (
                <Input.TextArea
                  {...field}
                  id="rc-matter"
                  rows={7}
                  className="matter-text"
                  placeholder="按来访人的原话原意记录：反映了什么情况、有什么诉求"
                />
              )}
            />,
            { required: true, span: 24 },
          )}
          {item(
            'confidential',
            '保密',
            <Controller
              control={control}
              name="confidential"
              render={({ field }) => (
                <Checkbox
                  id="rc-confidential"
                  checked={!!field.value}
                  onChange={(e) => field.onChange(e.target.checked)}
                  onBlur={field.onBlur}
                >
                  来访人要求保密（列表里只显示姓氏）
                </Checkbox>
              )}
            />,
            { md: 24 },
          )}
          {item('attachments', '附件', <Attachments control={control} />, {
            span: 24,
            htmlFor: 'rc-attachments',
            hint: '来信、材料的扫描件或照片（JPG、PNG、PDF，每个不超过10MB）',
          })}
        </Row>
      </Form>

      {formError && <SaveProblem message={formError} testId="form-error" />}
      <div className="form-actions">
        <Button size="large" onClick={cancel} disabled={saving}>
          取消
        </Button>
        <Button type="primary" size="large" htmlType="submit" loading={saving}>
          {existing ? '保存' : '保存登记'}
        </Button>
      </div>
    </form>
  );
}

type ItemFn = (
  name: string,
  label: ReactNode,
  control: ReactNode,
  opts?: { required?: boolean; hint?: ReactNode; span?: number; md?: number; htmlFor?: string },
) => ReactNode;

function VisitorCard({
  index: i,
  control,
  collectIds,
  removable,
  onRemove,
  item,
  getValues,
  setValue,
}: {
  index: number;
  control: Control<ReceptionInput, unknown, ReceptionOutput>;
  errors: FieldErrors<ReceptionInput>;
  collectIds: boolean;
  removable: boolean;
  onRemove: () => void;
  item: ItemFn;
  getValues: UseFormGetValues<ReceptionInput>;
  setValue: UseFormSetValue<ReceptionInput>;
}) {
  const [note, setNote] = useState<string | null>(null);
  const lookedUp = useRef('');
  const p = `visitors.${i}` as const;

  /** A returning visitor is recognised by phone: their details fill the empty fields. */
  const lookUp = async (raw: string) => {
    const phone = raw.replace(/[\s（）()]/g, '');
    if (!PHONE_PATTERN.test(phone) || lookedUp.current === phone) return;
    lookedUp.current = phone;
    try {
      const found = await call('receptions.visitorByPhone', { phone });
      if (!found.visitor) {
        setNote(null);
        return;
      }
      const v = getValues(p);
      const fill = (name: keyof VisitorInput, value: unknown) =>
        setValue(`${p}.${name}` as FieldPath<ReceptionInput>, value as never, { shouldDirty: true });
      if (!v.name?.trim() && found.visitor.name) fill('name', found.visitor.name);
      if (!v.gender && found.visitor.gender) fill('gender', found.visitor.gender);
      if (v.age == null && v.birthYear == null && found.visitor.birthYear)
        fill('birthYear', found.visitor.birthYear);
      if (!v.address?.trim() && found.visitor.address) fill('address', found.visitor.address);
      if (collectIds && !v.idNumber?.trim() && found.visitor.idNumber)
        fill('idNumber', found.visitor.idNumber);
      const last = found.lastReceivedAt ? receivedDate(found.lastReceivedAt) : '';
      setNote(`老来访人：${last ? `上次来访 ${last}，` : ''}共来访 ${found.previousCount} 次`);
    } catch {
      // Recognising is a help, not a step: the clerk simply fills in the fields.
    }
  };

  return (
    <section className="visitor-card" data-testid={`visitor-${i}`} aria-label={`来访人${i + 1}`}>
      <div className="visitor-card-head">
        <span className="visitor-card-title">来访人 {i + 1}</span>
        {note && (
          <span className="returning-note" role="status">
            {note}
          </span>
        )}
        {removable && (
          <Button icon={<DeleteOutlined />} onClick={onRemove} aria-label={`删除来访人${i + 1}`}>
            删除
          </Button>
        )}
      </div>
      <Row gutter={20}>
        {item(
          `${p}.name`,
          '姓名',
          <Controller
            control={control}
            name={`${p}.name`}
            render={({ field }) => <Input {...field} id={`rc-${p}.name`} size="large" autoComplete="off" />}
          />,
          { required: true, md: 5 },
        )}
        {item(
          `${p}.gender`,
          '性别',
          <Controller
            control={control}
            name={`${p}.gender`}
            render={({ field }) => (
              <Radio.Group
                id={`rc-${p}.gender`}
                size="large"
                className="gender-radios"
                value={field.value}
                onChange={(e) => field.onChange(e.target.value)}
                options={GENDERS.map((g) => ({ value: g, label: g }))}
                aria-label="性别"
              />
            )}
          />,
          { md: 4 },
        )}
        {item(`${p}.age`, '年龄或出生年份', <AgeOrYear control={control} index={i} setValue={setValue} />, {
          md: 4,
          hint: '如 45 或 1980',
        })}
        {item(
          `${p}.phone`,
          '联系电话',
          <Controller
            control={control}
            name={`${p}.phone`}
            render={({ field }) => (
              <Input
                {...field}
                id={`rc-${p}.phone`}
                size="large"
                autoComplete="off"
                className="input-mono"
                placeholder="手机或座机"
                onBlur={(e) => {
                  field.onBlur();
                  void lookUp(e.target.value);
                }}
              />
            )}
          />,
          { md: 7 },
        )}
        {item(
          `${p}.groupSize`,
          '同来人数',
          <Controller
            control={control}
            name={`${p}.groupSize`}
            render={({ field }) => (
              <InputNumber
                id={`rc-${p}.groupSize`}
                size="large"
                min={1}
                max={10000}
                precision={0}
                value={field.value}
                onChange={(v) => field.onChange(v ?? 1)}
                onBlur={field.onBlur}
                style={{ width: '100%' }}
              />
            )}
          />,
          { md: 4 },
        )}
        {item(
          `${p}.address`,
          '住址（村、社区）',
          <Controller
            control={control}
            name={`${p}.address`}
            render={({ field }) => (
              <Input
                {...field}
                id={`rc-${p}.address`}
                size="large"
                autoComplete="off"
                placeholder="如 莲花镇东山村3组"
              />
            )}
          />,
          { md: collectIds ? 12 : 24 },
        )}
        {collectIds &&
          item(
            `${p}.idNumber`,
            '身份证号',
            <Controller
              control={control}
              name={`${p}.idNumber`}
              render={({ field }) => (
                <Input
                  {...field}
                  id={`rc-${p}.idNumber`}
                  size="large"
                  autoComplete="off"
                  className="input-mono"
                  maxLength={18}
                />
              )}
            />,
            { md: 12 },
          )}
      </Row>
    </section>
  );
}

/** Half-width digits only: "４５岁" → "45". */
function digitsOf(text: string): string {
  return text.replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/\D/g, '');
}

/** One box for age or birth year, as the visitor says it: 1900 and above is a year, else an age. */
function AgeOrYear({
  control,
  index,
  setValue,
}: {
  control: Control<ReceptionInput, unknown, ReceptionOutput>;
  index: number;
  setValue: UseFormSetValue<ReceptionInput>;
}) {
  const birthYear = useWatch({ control, name: `visitors.${index}.birthYear` });
  return (
    <Controller
      control={control}
      name={`visitors.${index}.age`}
      render={({ field }) => (
        <Input
          ref={field.ref}
          id={`rc-visitors.${index}.age`}
          size="large"
          inputMode="numeric"
          autoComplete="off"
          maxLength={6}
          value={String(birthYear ?? field.value ?? '')}
          onChange={(e) => {
            const digits = digitsOf(e.target.value).slice(0, 4);
            const n = digits === '' ? null : Number(digits);
            const isYear = n != null && n >= 1900;
            setValue(`visitors.${index}.birthYear`, isYear ? n : null, { shouldDirty: true });
            field.onChange(isYear ? null : n);
          }}
          onBlur={field.onBlur}
        />
      )}
    />
  );
}

/** Scans and photos: picked, stored through 'attachment.put', listed with a remove button. */
function Attachments({ control }: { control: Control<ReceptionInput, unknown, ReceptionOutput> }) {
  const { field } = useController({ control, name: 'attachments' });
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
        if (file.size > MAX_FILE) {
          setProblem(`“${file.name}”太大（超过10MB），请扫描成较小的文件`);
          continue;
        }
        try {
          const base64 = await readFileAsBase64(file);
          const stored = await call('attachment.put', { fileName: file.name, base64 });
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
    <div className="attachments">
      {list.length > 0 && (
        <ul className="attachment-list">
          {list.map((a, i) => (
            <li key={a.sha256}>
              <PaperClipOutlined /> <span className="attachment-name">{a.fileName}</span>
              <Button
                size="small"
                type="link"
                danger
                onClick={() => field.onChange(list.filter((_, j) => j !== i))}
                aria-label={`移除附件 ${a.fileName}`}
              >
                移除
              </Button>
            </li>
          ))}
        </ul>
      )}
      <input
        ref={inputRef}
        type="file"
        multiple
        accept="image/jpeg,image/png,application/pdf,.jpg,.jpeg,.png,.pdf"
        style={{ display: 'none' }}
        data-testid="attachment-file"
        onChange={(e) => void add(e.target.files)}
      />
      <Button
        id="rc-attachments"
        size="large"
        icon={<PlusOutlined />}
        loading={busy}
        onClick={() => inputRef.current?.click()}
      >
        添加附件
      </Button>
      {problem && <Alert className="attachment-problem" type="error" showIcon title={problem} />}
    </div>
  );
}
