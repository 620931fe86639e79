import { useState } from 'react';
import { App, AutoComplete, Button, Input, Radio, Select, Table, Tag, type TableProps } from 'antd';
import {
  DeleteOutlined,
  EditOutlined,
  FormOutlined,
  PauseCircleOutlined,
  PlusOutlined,
  UndoOutlined,
} from '@ant-design/icons';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { errorMessage, useCall, useMutate } from '../../api';
import type { PlanItem } from '../../../../main/api/contract';
import { ActionModal, Field, useSave } from '../../components/ActionForm';
import { LoadProblem } from '../../components/LoadProblem';
import { useStationToday } from '../duty/labels';
import {
  ACTIVITY_TYPES,
  PLAN_STATUS_COLOR,
  PLAN_STATUSES,
  planWhen,
  yearChoices,
  type ActivityType,
} from './labels';

type Dialog = { kind: 'item'; item: PlanItem | null } | { kind: 'status'; item: PlanItem } | null;

/** 年度活动计划: a year's items by month, with what became of each. */
export function PlanTab() {
  const navigate = useNavigate();
  const { modal, message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const today = useStationToday();
  const thisYear = Number(today.slice(0, 4));
  const year = Number(params.get('year')) || thisYear;
  const plan = useCall('plan.list', { year });
  const setStatus = useMutate('plan.setStatus');
  const remove = useMutate('plan.delete');
  const [dialog, setDialog] = useState<Dialog>(null);

  const setYear = (y: number) =>
    setParams((p) => ({ ...Object.fromEntries(p), year: String(y) }), { replace: true });

  const restore = async (item: PlanItem) => {
    try {
      await setStatus.mutateAsync({ id: item.id, status: '计划中', reason: '' });
      void message.success(`「${item.theme}」已恢复为计划中`);
    } catch (error) {
      void modal.warning({ title: '没有恢复', content: errorMessage(error), okText: '知道了' });
    }
  };

  const confirmDelete = (item: PlanItem) =>
    modal.confirm({
      title: '删除这个计划项目？',
      content: `${planWhen(item)}「${item.theme}」将从${year}年度活动计划中去掉。删除会记入操作记录。`,
      okText: '删除',
      cancelText: '不删除',
      okButtonProps: { danger: true, size: 'large' },
      cancelButtonProps: { size: 'large' },
      onOk: async () => {
        try {
          await remove.mutateAsync({ id: item.id });
          void message.success('计划项目已删除');
        } catch (error) {
          // Refused (an activity is linked): the service says why and what to do.
          void modal.warning({ title: '没有删除', content: errorMessage(error), okText: '知道了' });
        }
      },
    });

  const columns: TableProps<PlanItem>['columns'] = [
    {
      key: 'when',
      title: '时间',
      width: 96,
      render: (_, r) => <span className="plan-when">{planWhen(r)}</span>,
    },
    {
      key: 'theme',
      title: '类型和主题',
      dataIndex: 'theme',
      render: (v: string, r) => (
        <div>
          <div className="plan-theme">{v}</div>
          <div className="muted plan-note">
            {r.type}
            {r.note && ` · ${r.note}`}
          </div>
        </div>
      ),
    },
    {
      key: 'responsible',
      title: '负责人',
      dataIndex: 'responsible',
      width: 90,
      render: (v: string) => v || '—',
    },
    {
      key: 'participants',
      title: '参加人员',
      dataIndex: 'participants',
      width: 120,
      render: (v: string) => v || '—',
    },
    {
      key: 'status',
      title: '状态',
      width: 116,
      render: (_, r) => (
        <div data-testid="plan-status">
          <Tag color={PLAN_STATUS_COLOR[r.status]} className="plan-status-tag">
            {r.status}
          </Tag>
          {r.behind && <div className="behind-text">未按期</div>}
          {r.statusReason && (r.status === '取消' || r.status === '延期') && (
            <div className="muted plan-reason">{r.statusReason}</div>
          )}
        </div>
      ),
    },
    {
      key: 'activities',
      title: '活动记录',
      width: 170,
      render: (_, r) =>
        r.activities.length === 0 ? (
          <span className="muted">—</span>
        ) : (
          <ul className="plan-activities">
            {r.activities.map((a) => (
              <li key={a.id}>
                <Link to={`/activities/${a.id}`}>
                  {Number(a.date.slice(5, 7))}月{Number(a.date.slice(8, 10))}日 {a.theme}
                </Link>
              </li>
            ))}
          </ul>
        ),
    },
    {
      key: 'actions',
      title: '操作',
      width: 196,
      render: (_, r) => (
        <div className="plan-actions">
          {r.status !== '取消' && (
            <Button
              size="small"
              type="link"
              icon={<FormOutlined />}
              onClick={() => void navigate(`/activities/new?plan=${r.id}&year=${r.year}`)}
            >
              记录活动
            </Button>
          )}
          <Button
            size="small"
            type="link"
            icon={<EditOutlined />}
            onClick={() => setDialog({ kind: 'item', item: r })}
          >
            修改
          </Button>
          {r.status === '计划中' && (
            <Button
              size="small"
              type="link"
              icon={<PauseCircleOutlined />}
              onClick={() => setDialog({ kind: 'status', item: r })}
            >
              取消/延期
            </Button>
          )}
          {(r.status === '取消' || r.status === '延期') && (
            <Button size="small" type="link" icon={<UndoOutlined />} onClick={() => void restore(r)}>
              恢复计划中
            </Button>
          )}
          <Button size="small" type="link" danger icon={<DeleteOutlined />} onClick={() => confirmDelete(r)}>
            删除
          </Button>
        </div>
      ),
    },
  ];

  const counts = plan.data?.counts;
  const total = plan.data?.items.length ?? 0;

  return (
    <div className="plan-tab">
      <div className="plan-toolbar">
        <Select
          size="large"
          aria-label="计划年度"
          value={year}
          onChange={setYear}
          options={yearChoices(thisYear).map((y) => ({ value: y, label: `${y}年度` }))}
          className="plan-year"
        />
        <div className="plan-counts" data-testid="plan-counts">
          <span className="plan-count">
            共 <strong>{total}</strong> 项
          </span>
          {PLAN_STATUSES.map((s) => (
            <span key={s} className="plan-count">
              <Tag color={PLAN_STATUS_COLOR[s]}>{s}</Tag>
              <strong>{counts?.[s] ?? 0}</strong>
            </span>
          ))}
        </div>
        <Button
          type="primary"
          size="large"
          icon={<PlusOutlined />}
          onClick={() => setDialog({ kind: 'item', item: null })}
          className="plan-add"
        >
          新增计划项目
        </Button>
      </div>

      {plan.isError && (
        <LoadProblem
          className="page-alert"
          what={`${year}年度活动计划`}
          error={plan.error}
          onRetry={() => void plan.refetch()}
        />
      )}

      <Table<PlanItem>
        className="plan-table"
        data-testid="plan-table"
        rowKey="id"
        size="middle"
        loading={plan.isPending}
        columns={columns}
        dataSource={plan.data?.items ?? []}
        rowClassName={(r) => (r.status === '取消' ? 'plan-row-cancelled' : '')}
        pagination={false}
        locale={{
          emptyText: plan.isPending ? (
            ' '
          ) : (
            <div className="roster-empty">
              <p className="roster-empty-title">{year}年度还没有活动计划</p>
              <p>年初把全年打算开展的学习、视察、调研、述职等活动列进来，每项写明月份和主题。</p>
              <Button
                type="primary"
                size="large"
                icon={<PlusOutlined />}
                onClick={() => setDialog({ kind: 'item', item: null })}
              >
                新增计划项目
              </Button>
            </div>
          ),
        }}
      />

      {dialog?.kind === 'item' && (
        <PlanItemDialog year={year} item={dialog.item} onClose={() => setDialog(null)} />
      )}
      {dialog?.kind === 'status' && <StatusDialog item={dialog.item} onClose={() => setDialog(null)} />}
    </div>
  );
}

const ITEM_FIELDS = ['year', 'month', 'date', 'type', 'theme', 'responsible', 'participants', 'note'];

function PlanItemDialog({
  year,
  item,
  onClose,
}: {
  year: number;
  item: PlanItem | null;
  onClose: () => void;
}) {
  const { message } = App.useApp();
  const create = useSave('plan.create');
  const update = useSave('plan.update');
  const active = item ? update : create;
  const [month, setMonth] = useState<number | null>(item?.month ?? null);
  const [date, setDate] = useState(item?.date ?? '');
  const [type, setType] = useState<ActivityType | ''>(item?.type ?? '');
  const [theme, setTheme] = useState(item?.theme ?? '');
  const [responsible, setResponsible] = useState(item?.responsible ?? '');
  const [participants, setParticipants] = useState(item?.participants ?? '');
  const [note, setNote] = useState(item?.note ?? '');
  const itemYear = item?.year ?? year;

  const submit = async () => {
    const fields = {
      year: itemYear,
      month: month as number,
      date: date.trim(),
      type: type as ActivityType,
      theme,
      responsible,
      participants,
      note,
    };
    const saved = item
      ? await update.save({ id: item.id, ...fields }, ITEM_FIELDS)
      : await create.save(fields, ITEM_FIELDS);
    if (saved) {
      void message.success(item ? '计划项目已保存' : `已加入${itemYear}年度活动计划`);
      onClose();
    }
  };

  const errors = active.errors;
  return (
    <ActionModal
      open
      title={item ? `修改计划项目（${itemYear}年度）` : `新增计划项目（${itemYear}年度）`}
      onClose={onClose}
      onOk={() => void submit()}
      saving={active.saving}
      problem={active.problem}
      width={760}
    >
      <div className="plan-dialog-row">
        <Field label="月份" name="month" errors={errors} required idPrefix="pl">
          <Select
            id="pl-month"
            size="large"
            value={month ?? undefined}
            onChange={setMonth}
            placeholder="选择月份"
            // All twelve months at once: no scrolling in the list.
            listHeight={520}
            showSearch
            optionFilterProp="label"
            options={Array.from({ length: 12 }, (_, i) => ({ value: i + 1, label: `${i + 1}月` }))}
            autoFocus={!item}
          />
        </Field>
        <Field
          label="日期"
          name="date"
          errors={errors}
          idPrefix="pl"
          hint="定好了哪天就填，如 2026-03-15；不填表示当月内"
        >
          <Input
            id="pl-date"
            size="large"
            className="input-mono"
            autoComplete="off"
            value={date}
            onChange={(e) => setDate(e.target.value)}
            placeholder={`${itemYear}-${String(month ?? 1).padStart(2, '0')}-15`}
          />
        </Field>
      </div>
      <Field label="活动类型" name="type" errors={errors} required idPrefix="pl">
        <Radio.Group
          id="pl-type"
          optionType="button"
          buttonStyle="solid"
          size="large"
          className="activity-type-radios"
          value={type || undefined}
          onChange={(e) => setType(e.target.value as ActivityType)}
          options={ACTIVITY_TYPES.map((t) => ({ value: t, label: t }))}
          aria-label="活动类型"
        />
      </Field>
      <Field label="活动主题" name="theme" errors={errors} required idPrefix="pl">
        <Input
          id="pl-theme"
          size="large"
          maxLength={60}
          showCount
          autoComplete="off"
          value={theme}
          onChange={(e) => setTheme(e.target.value)}
          placeholder="如 学习新修订的代表法"
        />
      </Field>
      <div className="plan-dialog-row">
        <Field label="负责人" name="responsible" errors={errors} idPrefix="pl">
          <Input
            id="pl-responsible"
            size="large"
            maxLength={40}
            autoComplete="off"
            value={responsible}
            onChange={(e) => setResponsible(e.target.value)}
            placeholder="如 站长王建国"
          />
        </Field>
        <Field label="参加人员" name="participants" errors={errors} idPrefix="pl">
          <AutoComplete
            id="pl-participants"
            size="large"
            value={participants}
            onChange={(v: string) => setParticipants(v)}
            options={['全体进站代表', '站长、副站长', '代表小组全体代表', '有关代表'].map((v) => ({
              value: v,
            }))}
            placeholder="如 全体进站代表"
            maxLength={200}
          />
        </Field>
      </div>
      <Field label="备注" name="note" errors={errors} idPrefix="pl">
        <Input.TextArea
          id="pl-note"
          rows={2}
          maxLength={500}
          value={note}
          onChange={(e) => setNote(e.target.value)}
        />
      </Field>
    </ActionModal>
  );
}

/** 取消 or 延期, with the reason the county will read. */
function StatusDialog({ item, onClose }: { item: PlanItem; onClose: () => void }) {
  const { message } = App.useApp();
  const { save, errors, problem, saving } = useSave('plan.setStatus');
  const [status, setStatus] = useState<'取消' | '延期'>('延期');
  const [reason, setReason] = useState('');
  const submit = async () => {
    const saved = await save({ id: item.id, status, reason }, ['status', 'reason']);
    if (saved) {
      void message.success(`「${item.theme}」已${status === '取消' ? '取消' : '延期'}`);
      onClose();
    }
  };
  return (
    <ActionModal
      open
      title={`取消或延期：${planWhen(item)} ${item.theme}`}
      onClose={onClose}
      onOk={() => void submit()}
      okText={status === '取消' ? '取消这项计划' : '延期'}
      saving={saving}
      problem={problem}
    >
      <Field label="怎么处理" name="status" errors={errors} required idPrefix="ps">
        <Radio.Group
          id="ps-status"
          optionType="button"
          buttonStyle="solid"
          size="large"
          value={status}
          onChange={(e) => setStatus(e.target.value as '取消' | '延期')}
          options={[
            { value: '延期', label: '延期（以后再办）' },
            { value: '取消', label: '取消（今年不办了）' },
          ]}
        />
      </Field>
      <Field
        label="原因"
        name="reason"
        errors={errors}
        required
        idPrefix="ps"
        hint="上级查看计划执行情况时会看到"
      >
        <Input.TextArea
          id="ps-reason"
          rows={3}
          maxLength={200}
          showCount
          autoFocus
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          placeholder="如 因防汛工作推迟到下月"
        />
      </Field>
    </ActionModal>
  );
}
