import { Alert, Button, DatePicker, Skeleton, Space } from 'antd';
import { ArrowLeftOutlined, PrinterOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useNavigate, useSearchParams } from 'react-router-dom';
import dayjs from 'dayjs';
import { call, useCall, type ReceptionListItem } from '../../api';
import { PageHeader } from '../../components/PageHeader';
import { goBack } from './labels';
import { formatDateTime } from '../../lib/format';
import { formatDay, handlingText, shortReceived } from './labels';
import { LoadProblem } from '../../components/LoadProblem';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const PAGE = 1000;
/** A printed ledger longer than this is not a ledger anyone reads: ask for a shorter range. */
const MAX_ROWS = 5000;

async function loadRange(from: string, to: string) {
  const items: ReceptionListItem[] = [];
  let total = 0;
  for (let page = 1; ; page++) {
    const res = await call('receptions.list', { from, to, page, pageSize: PAGE });
    items.push(...res.items);
    total = res.total;
    if (res.items.length < PAGE || items.length >= total || items.length >= MAX_ROWS) {
      return { items: items.slice(0, MAX_ROWS), tooMany: res.totalCapped || total > MAX_ROWS };
    }
  }
}

/** 打印台账: the receptions of a date range as a bordered table on A4 landscape. */
export function LedgerPage() {
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const station = useCall('station.get', {});
  const qFrom = params.get('from') ?? '';
  const qTo = params.get('to') ?? '';
  const from = DATE.test(qFrom) ? qFrom : dayjs().startOf('month').format('YYYY-MM-DD');
  const to = DATE.test(qTo) ? qTo : dayjs().format('YYYY-MM-DD');
  const ledger = useQuery({
    queryKey: ['call', 'receptions.list', 'ledger', from, to],
    queryFn: () => loadRange(from, to),
  });
  const name = station.data?.station?.name ?? '';
  const items = ledger.data?.items ?? [];
  const persons = items.reduce((n, r) => n + r.persons, 0);
  const answered = items.filter((r) => r.status === '已反馈').length;

  return (
    <div className="ledger-page">
      {/* The ledger is wide: this page alone prints landscape. */}
      <style>{'@media print { @page { size: A4 landscape; margin: 12mm; } }'}</style>
      <div className="no-print">
        <PageHeader
          title="打印接待台账"
          description="选择日期范围，核对后打印。电话号码按规定部分隐藏。"
          extra={
            <Space wrap>
              <Button size="large" icon={<ArrowLeftOutlined />} onClick={() => goBack(navigate)}>
                返回
              </Button>
              <Button
                type="primary"
                size="large"
                icon={<PrinterOutlined />}
                disabled={!ledger.data}
                onClick={() => window.print()}
              >
                打印
              </Button>
            </Space>
          }
        />
        <div className="ledger-controls">
          <span>接待日期</span>
          <DatePicker.RangePicker
            size="large"
            format="YYYY-MM-DD"
            allowClear={false}
            value={[dayjs(from), dayjs(to)]}
            onChange={(v) => {
              if (v?.[0] && v[1])
                setParams(
                  { from: v[0].format('YYYY-MM-DD'), to: v[1].format('YYYY-MM-DD') },
                  { replace: true },
                );
            }}
            aria-label="台账日期范围"
          />
        </div>
        {ledger.isError && (
          <LoadProblem
            className="page-alert"
            what="接待记录"
            error={ledger.error}
            onRetry={() => void ledger.refetch()}
          />
        )}
        {ledger.data?.tooMany && (
          <Alert
            className="page-alert"
            type="warning"
            showIcon
            title={`这段时间的记录超过 ${MAX_ROWS} 条，只列出了最近的 ${MAX_ROWS} 条。请缩短日期范围分几次打印。`}
          />
        )}
      </div>

      {ledger.isPending && <Skeleton active paragraph={{ rows: 8 }} />}
      {ledger.data && (
        <div className="ledger-sheet" data-testid="ledger">
          <h1 className="ledger-title">{name} 接待登记台账</h1>
          <p className="ledger-range">
            （{formatDay(from)} — {formatDay(to)}）
          </p>
          <table className="ledger-table">
            <colgroup>
              <col style={{ width: '4%' }} />
              <col style={{ width: '8.5%' }} />
              <col style={{ width: '8.5%' }} />
              <col style={{ width: '4%' }} />
              <col style={{ width: '8%' }} />
              <col style={{ width: '10%' }} />
              <col style={{ width: '4%' }} />
              <col style={{ width: '7%' }} />
              <col />
              <col style={{ width: '8%' }} />
              <col style={{ width: '12%' }} />
              <col style={{ width: '5.5%' }} />
              <col style={{ width: '5.5%' }} />
            </colgroup>
            <thead>
              <tr>
                <th>序号</th>
                <th>编号</th>
                <th>接待时间</th>
                <th>方式</th>
                <th>来访人</th>
                <th>电话</th>
                <th>人数</th>
                <th>类别</th>
                <th>事项</th>
                <th>接待代表</th>
                <th>办理情况</th>
                <th>状态</th>
                <th>满意度</th>
              </tr>
            </thead>
            <tbody>
              {items.map((r, i) => (
                <tr key={r.id}>
                  <td className="num">{i + 1}</td>
                  <td className="mono">{r.number}</td>
                  <td className="ledger-time">
                    {shortReceived(r.receivedAt).slice(0, 10)}
                    <br />
                    {shortReceived(r.receivedAt).slice(11)}
                  </td>
                  <td>{r.channel}</td>
                  <td>{r.visitorNames}</td>
                  <td className="mono">{r.visitorPhone}</td>
                  <td className="num">{r.persons}</td>
                  <td>{r.category}</td>
                  <td>{r.title}</td>
                  <td>{r.deputyNames.join('、')}</td>
                  <td>
                    {handlingText(r)}
                    {r.overdueDays > 0 && <span className="overdue-text">（逾期{r.overdueDays}天）</span>}
                  </td>
                  <td>{r.status}</td>
                  <td>{r.satisfaction}</td>
                </tr>
              ))}
              {items.length === 0 && (
                <tr>
                  <td colSpan={13} className="ledger-empty">
                    这段时间没有接待记录
                  </td>
                </tr>
              )}
            </tbody>
            <tfoot>
              <tr>
                <td colSpan={13} className="ledger-totals" data-testid="ledger-totals">
                  合计：接待 <strong>{items.length}</strong> 件，<strong>{persons}</strong> 人次，已反馈{' '}
                  <strong>{answered}</strong> 件
                </td>
              </tr>
            </tfoot>
          </table>
          <p className="ledger-footer">打印时间：{formatDateTime(new Date().toISOString())}</p>
        </div>
      )}
    </div>
  );
}
