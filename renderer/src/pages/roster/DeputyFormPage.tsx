import { useState, type ReactNode } from 'react';
import {
  Alert,
  App,
  AutoComplete,
  Button,
  Checkbox,
  Col,
  DatePicker,
  Form,
  Input,
  Modal,
  Radio,
  Row,
  Select,
  Skeleton,
  Space,
} from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { Controller, useForm, type FieldPath } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { useNavigate } from 'react-router-dom';
import dayjs, { type Dayjs } from 'dayjs';
import type { z } from 'zod';
import {
  ApiError,
  DEPUTY_LEVELS,
  deputyEditableFields,
  deputyInput,
  errorMessage,
  ETHNICITIES,
  GENDERS,
  STATION_ROLES,
  useCall,
  useMutate,
  type DeputyDetail,
  type DeputyInput,
} from '../../api';
import { FormField } from '../../components/FormField';
import { PageHeader } from '../../components/PageHeader';
import { SaveProblem } from '../../components/SaveProblem';
import { LoadProblem } from '../../components/LoadProblem';
import { paperFormKeyDown } from '../../lib/form-keys';

type DeputyOutput = z.output<typeof deputyInput>;
const FIELDS = Object.keys(deputyInput.shape) as (keyof DeputyInput)[];
const isField = (f: string | undefined): f is keyof DeputyInput => !!f && (FIELDS as string[]).includes(f);

const POLITICAL = [
  '中共党员',
  '中共预备党员',
  '共青团员',
  '群众',
  '民革党员',
  '民盟盟员',
  '民建会员',
  '民进会员',
  '农工党党员',
  '致公党党员',
  '九三学社社员',
  '台盟盟员',
  '无党派人士',
];
const EDUCATION = ['研究生', '大学', '大专', '中专', '高中', '初中', '小学'];

function valuesOf(d: DeputyDetail | undefined): DeputyInput {
  if (!d) {
    return {
      name: '',
      gender: undefined as unknown as DeputyInput['gender'],
      ethnicity: '汉族',
      birthDate: '',
      politicalAffiliation: '',
      education: '',
      workplacePost: '',
      levels: [],
      term: '',
      cardNumber: '',
      constituency: '',
      groupId: null,
      phone: '',
      address: '',
      bio: '',
      stationRole: '进站代表',
    };
  }
  return deputyEditableFields(d);
}

/** /roster/new and /roster/:id/edit */
export function DeputyFormPage({ id }: { id?: string }) {
  const existing = useCall('roster.get', { id: id ?? '' }, { enabled: !!id });
  const title = id ? '修改代表信息' : '新增代表';
  return (
    <>
      <PageHeader
        title={id && existing.data ? `修改代表信息：${existing.data.name}` : title}
        description="带 * 的必须填写。回车跳到下一项；Ctrl+Enter 保存。"
      />
      {id && existing.isError && (
        <LoadProblem what="这位代表" error={existing.error} onRetry={() => void existing.refetch()} />
      )}
      {id && existing.isPending && <Skeleton active paragraph={{ rows: 10 }} />}
      {(!id || existing.data) && <DeputyForm existing={existing.data} />}
    </>
  );
}

function DeputyForm({ existing }: { existing: DeputyDetail | undefined }) {
  const navigate = useNavigate();
  const { message } = App.useApp();
  const create = useMutate('roster.create');
  const update = useMutate('roster.update');
  const groups = useCall('groups.list', {});
  const [formError, setFormError] = useState<string | null>(null);
  const [groupDialog, setGroupDialog] = useState(false);
  const {
    control,
    handleSubmit,
    setError,
    setValue,
    formState: { errors },
  } = useForm<DeputyInput, unknown, DeputyOutput>({
    resolver: zodResolver(deputyInput),
    defaultValues: valuesOf(existing),
    mode: 'onTouched',
  });
  const saving = create.isPending || update.isPending;

  const save = handleSubmit(
    async (values) => {
      setFormError(null);
      try {
        const saved = existing
          ? await update.mutateAsync({ ...values, id: existing.id })
          : await create.mutateAsync(values);
        void message.success(existing ? '代表信息已保存' : `已新增代表 ${saved.name}`);
        void navigate(`/roster/${saved.id}`, { replace: !!existing });
      } catch (error) {
        if (error instanceof ApiError && isField(error.field)) {
          setError(error.field, { type: 'server', message: error.message }, { shouldFocus: true });
        } else {
          setFormError(errorMessage(error));
        }
      }
    },
    () => setFormError('有几项需要改正，请看标红的地方。'),
  );

  const onKeyDown = (event: React.KeyboardEvent<HTMLFormElement>) => paperFormKeyDown(event, save);

  const item = (
    name: FieldPath<DeputyInput>,
    label: string,
    control: ReactNode,
    opts: { required?: boolean; hint?: string; span?: number } = {},
  ) => {
    const error = errors[name as keyof DeputyInput]?.message;
    return (
      <Col xs={24} md={opts.span ?? 12} key={name}>
        <FormField
          name={name}
          label={label}
          htmlFor={`deputy-${name}`}
          required={opts.required}
          error={error}
          hint={opts.hint}
        >
          {control}
        </FormField>
      </Col>
    );
  };

  return (
    <form
      noValidate
      onKeyDown={onKeyDown}
      onSubmit={(e) => (e.preventDefault(), void save())}
      className="deputy-form"
    >
      <Form layout="vertical" component={false} requiredMark>
        <h2 className="form-section-title">基本信息</h2>
        <Row gutter={28}>
          {item(
            'name',
            '姓名',
            <Controller
              control={control}
              name="name"
              render={({ field }) => (
                <Input
                  {...field}
                  id="deputy-name"
                  size="large"
                  autoFocus
                  autoComplete="off"
                  aria-invalid={!!errors.name}
                />
              )}
            />,
            { required: true },
          )}
          {item(
            'gender',
            '性别',
            <Controller
              control={control}
              name="gender"
              render={({ field }) => (
                <Radio.Group
                  id="deputy-gender"
                  size="large"
                  value={field.value}
                  onChange={(e) => field.onChange(e.target.value)}
                  options={GENDERS.map((g) => ({ value: g, label: g }))}
                  aria-label="性别"
                />
              )}
            />,
            { required: true },
          )}
          {item(
            'ethnicity',
            '民族',
            <Controller
              control={control}
              name="ethnicity"
              render={({ field }) => (
                <Select
                  id="deputy-ethnicity"
                  size="large"
                  showSearch
                  value={field.value}
                  onChange={field.onChange}
                  onBlur={field.onBlur}
                  options={ETHNICITIES.map((e) => ({ value: e, label: e }))}
                  placeholder="输入文字查找，如 壮"
                />
              )}
            />,
            { required: true },
          )}
          {item(
            'birthDate',
            '出生年月',
            <Controller
              control={control}
              name="birthDate"
              render={({ field }) => (
                <Space.Compact style={{ width: '100%' }}>
                  <Input
                    {...field}
                    value={field.value ?? ''}
                    id="deputy-birthDate"
                    size="large"
                    placeholder="如 1975-03 或 1975-03-08"
                    autoComplete="off"
                    className="input-mono"
                  />
                  <DatePicker
                    picker="month"
                    size="large"
                    value={null as Dayjs | null}
                    defaultPickerValue={dayjs(
                      /^\d{4}-\d{2}/.test(field.value ?? '') ? field.value!.slice(0, 7) : '1970-01',
                    )}
                    onChange={(d: Dayjs | null) => d && field.onChange(d.format('YYYY-MM'))}
                    placeholder="选择"
                    aria-label="选择出生年月"
                    allowClear={false}
                    inputReadOnly
                    tabIndex={-1}
                    style={{ width: 130, flex: 'none' }}
                  />
                </Space.Compact>
              )}
            />,
            { hint: '只知道年月就写 1975-03' },
          )}
          {item(
            'politicalAffiliation',
            '政治面貌',
            <Controller
              control={control}
              name="politicalAffiliation"
              render={({ field }) => (
                <AutoComplete
                  id="deputy-politicalAffiliation"
                  size="large"
                  value={field.value}
                  onChange={field.onChange}
                  onBlur={field.onBlur}
                  options={POLITICAL.map((v) => ({ value: v }))}
                  placeholder="如 中共党员、群众"
                  filterOption={(input, option) => (option?.value ?? '').includes(input)}
                />
              )}
            />,
          )}
          {item(
            'education',
            '学历',
            <Controller
              control={control}
              name="education"
              render={({ field }) => (
                <AutoComplete
                  id="deputy-education"
                  size="large"
                  value={field.value}
                  onChange={field.onChange}
                  onBlur={field.onBlur}
                  options={EDUCATION.map((v) => ({ value: v }))}
                  placeholder="如 大学、高中"
                  filterOption={(input, option) => (option?.value ?? '').includes(input)}
                />
              )}
            />,
          )}
          {item(
            'workplacePost',
            '工作单位及职务',
            <Controller
              control={control}
              name="workplacePost"
              render={({ field }) => (
                <Input
                  {...field}
                  id="deputy-workplacePost"
                  size="large"
                  placeholder="如 莲花镇东山村党支部书记"
                  autoComplete="off"
                />
              )}
            />,
            { span: 24 },
          )}
          {item(
            'phone',
            '联系电话',
            <Controller
              control={control}
              name="phone"
              render={({ field }) => (
                <Input
                  {...field}
                  id="deputy-phone"
                  size="large"
                  placeholder="手机 13812345678 或 0571-88886666"
                  autoComplete="off"
                  className="input-mono"
                />
              )}
            />,
          )}
          {item(
            'address',
            '地址',
            <Controller
              control={control}
              name="address"
              render={({ field }) => <Input {...field} id="deputy-address" size="large" autoComplete="off" />}
            />,
          )}
        </Row>

        <h2 className="form-section-title">代表信息</h2>
        <Row gutter={28}>
          {item(
            'levels',
            '代表层级',
            <Controller
              control={control}
              name="levels"
              render={({ field }) => (
                <Checkbox.Group
                  className="levels-checkboxes"
                  value={field.value}
                  onChange={(v) => field.onChange(v)}
                  options={DEPUTY_LEVELS.map((l) => ({ value: l, label: l }))}
                  aria-label="代表层级"
                />
              )}
            />,
            { required: true, hint: '同时是几级代表就勾几项' },
          )}
          {item(
            'term',
            '届次',
            <Controller
              control={control}
              name="term"
              render={({ field }) => (
                <Input
                  {...field}
                  id="deputy-term"
                  size="large"
                  placeholder="如 第十七届"
                  autoComplete="off"
                />
              )}
            />,
          )}
          {item(
            'cardNumber',
            '代表证号',
            <Controller
              control={control}
              name="cardNumber"
              render={({ field }) => (
                <Input
                  {...field}
                  id="deputy-cardNumber"
                  size="large"
                  autoComplete="off"
                  className="input-mono"
                />
              )}
            />,
          )}
          {item(
            'constituency',
            '选区/选举单位',
            <Controller
              control={control}
              name="constituency"
              render={({ field }) => (
                <Input
                  {...field}
                  id="deputy-constituency"
                  size="large"
                  placeholder="如 第三选区"
                  autoComplete="off"
                />
              )}
            />,
          )}
          {item(
            'groupId',
            '代表小组',
            <Space.Compact style={{ width: '100%' }}>
              <Controller
                control={control}
                name="groupId"
                render={({ field }) => (
                  <Select
                    id="deputy-groupId"
                    size="large"
                    allowClear
                    showSearch
                    optionFilterProp="label"
                    placeholder="不属于任何小组"
                    value={field.value ?? undefined}
                    onChange={(v?: string) => field.onChange(v ?? null)}
                    onBlur={field.onBlur}
                    options={(groups.data ?? []).map((g) => ({ value: g.id, label: g.name }))}
                    style={{ flex: 1 }}
                  />
                )}
              />
              <Button size="large" icon={<PlusOutlined />} onClick={() => setGroupDialog(true)}>
                新建小组
              </Button>
            </Space.Compact>,
          )}
          {item(
            'stationRole',
            '站内职务',
            <Controller
              control={control}
              name="stationRole"
              render={({ field }) => (
                <Select
                  id="deputy-stationRole"
                  size="large"
                  value={field.value}
                  onChange={field.onChange}
                  onBlur={field.onBlur}
                  options={STATION_ROLES.map((r) => ({ value: r, label: r }))}
                />
              )}
            />,
          )}
          {item(
            'bio',
            '简介',
            <Controller
              control={control}
              name="bio"
              render={({ field }) => (
                <Input.TextArea {...field} id="deputy-bio" rows={4} placeholder="简要履历，可不填" />
              )}
            />,
            { span: 24 },
          )}
        </Row>
      </Form>

      {formError && <SaveProblem message={formError} />}
      <div className="form-actions">
        <Button
          size="large"
          onClick={() => void navigate(existing ? `/roster/${existing.id}` : '/roster')}
          disabled={saving}
        >
          取消
        </Button>
        <Button type="primary" size="large" htmlType="submit" loading={saving}>
          保存
        </Button>
      </div>

      <NewGroupDialog
        open={groupDialog}
        onClose={() => setGroupDialog(false)}
        onCreated={(groupId) => {
          setValue('groupId', groupId, { shouldDirty: true });
          setGroupDialog(false);
        }}
      />
    </form>
  );
}

function NewGroupDialog({
  open,
  onClose,
  onCreated,
}: {
  open: boolean;
  onClose: () => void;
  onCreated: (id: string) => void;
}) {
  const create = useMutate('groups.create');
  const [name, setName] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const submit = async () => {
    setProblem(null);
    try {
      const group = await create.mutateAsync({ name });
      setName('');
      onCreated(group.id);
    } catch (error) {
      setProblem(errorMessage(error));
    }
  };
  return (
    <Modal
      open={open}
      title="新建代表小组"
      onCancel={onClose}
      okText="新建"
      cancelText="取消"
      okButtonProps={{ size: 'large', loading: create.isPending }}
      cancelButtonProps={{ size: 'large' }}
      onOk={() => void submit()}
      destroyOnHidden
    >
      <Input
        size="large"
        autoFocus
        aria-label="小组名称"
        placeholder="如 第一代表小组"
        value={name}
        onChange={(e) => setName(e.target.value)}
        onPressEnter={(e) => (e.stopPropagation(), void submit())}
      />
      {problem && <Alert style={{ marginTop: 16 }} type="error" showIcon title={problem} />}
    </Modal>
  );
}
