import { useRef, useState } from 'react';
import { Alert, App, Button, DatePicker, Empty, Input, Radio, Select, Skeleton, Table, Tag } from 'antd';
import { DeleteOutlined, ImportOutlined, PlusOutlined, SaveOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { ApiError, contract, errorMessage, useCall, useMutate, type HolidayYear } from '../../api';
import { fullDayText, ISO, useStationToday, weekdayText } from './labels';
import { SaveProblem } from '../../components/SaveProblem';
import { useRole } from '../../lib/session';

type Day = HolidayYear['days'][number];

function sourceText(h: HolidayYear): string {
  if (h.source === 'builtin') return `随程序提供（${h.builtinYears.from}–${h.builtinYears.to}年）`;
  if (h.source === 'custom') return '本站录入';
  return '尚无数据';
}

/** 节假日: a year's days off and swapped working days; years not shipped are entered here. */
export function HolidaysTab() {
  const today = useStationToday();
  const thisYear = Number(today.slice(0, 4));
  const [year, setYear] = useState(thisYear);
  const [importProblem, setImportProblem] = useState<string | null>(null);
  const data = useCall('holidays.year', { year });
  const isAdmin = useRole() === 'admin';
  const range = data.data?.builtinYears;
  const years = new Set<number>();
  for (let y = range?.from ?? 2004; y <= Math.max(range?.to ?? thisYear, thisYear + 2); y++) years.add(y);
  for (const y of data.data?.customYears ?? []) years.add(y);

  return (
    <div className="duty-holidays" data-testid="duty-holidays">
      <div className="duty-toolbar">
        <Select
          size="large"
          aria-label="年份"
          value={year}
          onChange={setYear}
          options={[...years].sort((a, b) => b - a).map((y) => ({ value: y, label: `${y}年` }))}
          style={{ width: 140 }}
        />
        {data.data && (
          <span className="holiday-source" data-testid="holiday-source">
            数据来源：
            <Tag
              color={
                data.data.source === 'builtin' ? 'blue' : data.data.source === 'custom' ? 'green' : 'default'
              }
            >
              {sourceText(data.data)}
            </Tag>
          </span>
        )}
        {isAdmin && <ImportButton onImported={(y) => setYear(y)} setProblem={setImportProblem} />}
      </div>
      {importProblem && (
        <Alert
          className="page-alert"
          type="error"
          showIcon
          title="文件没有导入"
          description={importProblem}
          role="alert"
          closable={{ onClose: () => setImportProblem(null) }}
        />
      )}
      {data.isPending && <Skeleton active />}
      {data.isError && <Alert type="error" showIcon title={errorMessage(data.error)} />}
      {data.data && !data.data.editable && <DaysTable days={data.data.days} />}
      {/* Holidays are station settings: a clerk sees the year but cannot change it. */}
      {data.data && data.data.editable && !isAdmin && <DaysTable days={data.data.days} />}
      {data.data && data.data.editable && isAdmin && (
        <EditableYear key={`${year}-${data.data.source}-${data.data.days.length}`} h={data.data} />
      )}
      <p className="muted duty-hint">
        “休”是法定节假日放假，“班”是调休上班的周末。值班日遇到“休”会顺延到下一个工作日。程序自带
        {range ? ` ${range.from}–${range.to} ` : ''}
        年的安排；国务院公布新一年的安排后，可以在这里录入，或导入一个文件（每行一天，如
        2027-01-01,休,元旦）。
      </p>
    </div>
  );
}

function DaysTable({ days }: { days: Day[] }) {
  return (
    <Table
      rowKey="date"
      size="middle"
      pagination={false}
      dataSource={days}
      className="holiday-table"
      locale={{ emptyText: <Empty description="没有节假日数据" /> }}
      columns={[
        { key: 'date', title: '日期', render: (_, d) => `${fullDayText(d.date)}（${weekdayText(d.date)}）` },
        {
          key: 'kind',
          title: '类型',
          width: 140,
          render: (_, d) => (
            <span>
              <span className={`holiday-badge ${d.kind === '休' ? 'holiday-off' : 'holiday-work'}`}>
                {d.kind}
              </span>
              {d.kind === '休' ? '放假' : '调休上班'}
            </span>
          ),
        },
        { key: 'name', title: '节日', dataIndex: 'name' },
      ]}
    />
  );
}

/** A year not shipped with the program: the clerk's own table, saved as a whole. */
function EditableYear({ h }: { h: HolidayYear }) {
  const { message } = App.useApp();
  const setYear = useMutate('holidays.setYear');
  const [rows, setRows] = useState<Day[]>(h.days);
  const [rowErrors, setRowErrors] = useState<Record<number, string>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const change = (i: number, patch: Partial<Day>) =>
    setRows((r) => r.map((x, j) => (j === i ? { ...x, ...patch } : x)));

  const save = async () => {
    setRowErrors({});
    setProblem(null);
    const input = { year: h.year, days: rows };
    const checked = contract['holidays.setYear'].input.safeParse(input);
    const place = (path: (string | number | symbol)[], msg: string, next: Record<number, string>) => {
      if (path[0] === 'days' && typeof path[1] === 'number') next[path[1]] ??= msg;
      else setProblem(msg);
    };
    if (!checked.success) {
      const next: Record<number, string> = {};
      for (const issue of checked.error.issues) place(issue.path, issue.message, next);
      setRowErrors(next);
      return;
    }
    try {
      await setYear.mutateAsync(input);
      void message.success(`${h.year}年的节假日安排已保存`);
    } catch (e) {
      const m = e instanceof ApiError && e.field ? /^days\.(\d+)/.exec(e.field) : null;
      if (m) setRowErrors({ [Number(m[1])]: errorMessage(e) });
      else setProblem(errorMessage(e));
    }
  };

  return (
    <div className="holiday-edit" data-testid="holiday-edit">
      {h.source === 'none' && (
        <Alert
          className="page-alert"
          type="info"
          showIcon
          title={`程序还没有${h.year}年的节假日安排`}
          description="请按国务院办公厅的通知逐天录入（放假的日子选“休”，调休上班的周末选“班”），或导入文件。"
        />
      )}
      <table className="holiday-edit-table">
        <thead>
          <tr>
            <th>日期</th>
            <th>类型</th>
            <th>节日名称</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {rows.map((d, i) => (
            <tr key={i} className={rowErrors[i] ? 'row-error' : undefined}>
              <td>
                <DatePicker
                  size="large"
                  format="YYYY-MM-DD"
                  allowClear={false}
                  value={d.date ? dayjs(d.date) : null}
                  onChange={(v) => v && change(i, { date: v.format(ISO) })}
                  aria-label={`第${i + 1}行日期`}
                  status={rowErrors[i] ? 'error' : undefined}
                />
              </td>
              <td>
                <Radio.Group
                  optionType="button"
                  buttonStyle="solid"
                  size="large"
                  value={d.kind}
                  onChange={(e) => change(i, { kind: e.target.value as Day['kind'] })}
                  options={[
                    { value: '休', label: '休' },
                    { value: '班', label: '班' },
                  ]}
                  aria-label={`第${i + 1}行类型`}
                />
              </td>
              <td>
                <Input
                  size="large"
                  value={d.name}
                  onChange={(e) => change(i, { name: e.target.value })}
                  aria-label={`第${i + 1}行节日名称`}
                  placeholder="如 春节"
                />
                {rowErrors[i] && <div className="field-error">{rowErrors[i]}</div>}
              </td>
              <td>
                <Button
                  type="text"
                  icon={<DeleteOutlined />}
                  onClick={() => setRows((r) => r.filter((_, j) => j !== i))}
                  aria-label={`删去第${i + 1}行`}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="holiday-edit-actions">
        <Button
          size="large"
          icon={<PlusOutlined />}
          onClick={() => {
            const last = rows[rows.length - 1];
            const next = last ? dayjs(last.date).add(1, 'day').format(ISO) : `${h.year}-01-01`;
            setRows((r) => [...r, { date: next, kind: last?.kind ?? '休', name: last?.name ?? '' }]);
          }}
        >
          添加一天
        </Button>
        <Button
          size="large"
          type="primary"
          icon={<SaveOutlined />}
          loading={setYear.isPending}
          onClick={() => void save()}
        >
          保存{h.year}年安排
        </Button>
      </div>
      {problem && <SaveProblem message={problem} />}
    </div>
  );
}

/** 导入文件: a .txt/.csv, one day a line; read here, checked by the service, saved per year. */
function ImportButton({
  onImported,
  setProblem,
}: {
  onImported: (year: number) => void;
  setProblem: (p: string | null) => void;
}) {
  const { message } = App.useApp();
  const importFile = useMutate('holidays.importFile');
  const input = useRef<HTMLInputElement>(null);
  const onFile = async (file: File | undefined) => {
    if (!file) return;
    setProblem(null);
    try {
      const text = await file.text();
      const r = await importFile.mutateAsync({ fileName: file.name, text });
      const years = r.years.map((y) => `${y.year}年（${y.days.length}天）`).join('、');
      void message.success(`已导入 ${years}`);
      if (r.years[0]) onImported(r.years[0].year);
    } catch (e) {
      setProblem(errorMessage(e));
    } finally {
      if (input.current) input.current.value = '';
    }
  };
  return (
    <span className="holiday-import">
      <input
        ref={input}
        type="file"
        accept=".txt,.csv,text/plain,text/csv"
        hidden
        data-testid="holiday-file"
        onChange={(e) => void onFile(e.target.files?.[0])}
      />
      <Button
        size="large"
        icon={<ImportOutlined />}
        loading={importFile.isPending}
        onClick={() => input.current?.click()}
      >
        导入文件
      </Button>
    </span>
  );
}
