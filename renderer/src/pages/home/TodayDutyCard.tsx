import { lazy, Suspense, useState } from 'react';
import { Alert, Button, Card, Dropdown, Tag } from 'antd';
import { CheckCircleFilled, DownOutlined, RightOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useNavigate } from 'react-router-dom';
import { useCall, type DutyAssignment, type DutySlot } from '../../api';
import { clockOf, dayText, ISO, timeText, weekdayText } from '../duty/labels';
import type { AssignmentDialog } from '../duty/SlotDialogs';
import { useAttendanceSteps } from '../duty/use-attendance-steps';
import { LoadProblem } from '../../components/LoadProblem';

// The dialogs (date pickers, selects) load when first opened: the home page stays light.
const AssignmentDialogs = lazy(() =>
  import('../duty/SlotDialogs').then((m) => ({ default: m.AssignmentDialogs })),
);

/** 今日值班: today's slots; a deputy taps their name to sign in (到岗). */
export function TodayDutyCard() {
  const navigate = useNavigate();
  const today = useCall('duty.today', {});
  const [dialog, setDialog] = useState<{ slot: DutySlot; d: AssignmentDialog } | null>(null);
  const date = today.data?.date ?? dayjs().format(ISO);
  const none = !!today.data && today.data.slots.length === 0;
  const next = useCall(
    'duty.slots',
    { from: dayjs(date).add(1, 'day').format(ISO), to: dayjs(date).add(120, 'day').format(ISO) },
    { enabled: none },
  );
  const nextSlot = next.data?.[0];

  return (
    <Card
      title="今日值班"
      className="section-card today-duty-card"
      data-testid="today-duty"
      extra={
        <Button size="large" type="link" onClick={() => void navigate('/duty')}>
          值班排班 <RightOutlined />
        </Button>
      }
    >
      {today.isError && (
        <LoadProblem what="今日值班" error={today.error} onRetry={() => void today.refetch()} />
      )}
      {today.data && today.data.unrecorded > 0 && (
        <Alert
          className="today-unrecorded"
          type="warning"
          showIcon
          title={
            <button type="button" className="link-button" onClick={() => void navigate('/duty?tab=week')}>
              有{today.data.unrecorded}人次值班未登记到岗情况，请补登 <RightOutlined />
            </button>
          }
        />
      )}
      {none && (
        <p className="today-none" data-testid="today-none">
          今天没有值班安排。
          {nextSlot && (
            <span className="muted">
              下一个值班日：{dayText(nextSlot.date)}（{weekdayText(nextSlot.date)}）{timeText(nextSlot)}
            </span>
          )}
        </p>
      )}
      {today.data?.slots.map((slot) => (
        <section key={slot.id} className="today-slot" data-testid="today-slot">
          <h3 className="today-slot-head">
            <span className="today-slot-time">{timeText(slot)}</span>
            <span className="today-slot-place">{slot.place}</span>
          </h3>
          <div className="today-deputies">
            {slot.assignments.length === 0 && <span className="muted">这一班还没有安排代表</span>}
            {slot.assignments.map((a) => (
              <DeputyButton
                key={a.id}
                slot={slot}
                a={a}
                today={date}
                onDialog={(d) => setDialog({ slot, d })}
              />
            ))}
          </div>
        </section>
      ))}
      {dialog && (
        <Suspense fallback={null}>
          <AssignmentDialogs slot={dialog.slot} dialog={dialog.d} onClose={() => setDialog(null)} />
        </Suspense>
      )}
    </Card>
  );
}

function DeputyButton({
  slot,
  a,
  today,
  onDialog,
}: {
  slot: DutySlot;
  a: DutyAssignment;
  today: string;
  onDialog: (d: AssignmentDialog) => void;
}) {
  const { can, signIn, signOut, clear, run } = useAttendanceSteps(slot, a, today);
  const menu = [
    can.leave && { key: 'leave', label: '请假' },
    can.absence && { key: 'absence', label: '缺席' },
    can.swap && { key: 'swap', label: '调换' },
    can.clear && { key: 'clear', label: `撤销${a.status}` },
  ].filter((x): x is { key: string; label: string } => !!x);

  return (
    <div className={`today-deputy today-deputy-${a.status}`} data-testid={`today-deputy-${a.deputyName}`}>
      {a.status === '已排班' ? (
        <Button
          className="signin-button"
          loading={signIn.isPending}
          disabled={!can.signIn}
          onClick={() => run(signIn, `${a.deputyName} 已到岗`)}
          aria-label={`${a.deputyName} 签到`}
        >
          <span className="signin-name">{a.deputyName}</span>
          <span className="signin-hint">点此签到</span>
        </Button>
      ) : (
        <div className="signin-done">
          <span className={`signin-name${a.status === '调换' ? ' struck' : ''}`}>{a.deputyName}</span>
          {a.status === '到岗' && (
            <span className="signin-state signin-kept">
              <CheckCircleFilled /> 已到岗 {clockOf(a.signedInAt)}
              {a.signedOutAt && `，${clockOf(a.signedOutAt)} 签退`}
            </span>
          )}
          {a.status === '请假' && <Tag color="orange">请假</Tag>}
          {a.status === '缺席' && <Tag color="red">缺席</Tag>}
          {a.status === '调换' && (
            <span className="muted">由{a.swappedWith?.deputyName ?? '其他代表'}调换</span>
          )}
        </div>
      )}
      <div className="today-deputy-more">
        {can.signOut && (
          <Button loading={signOut.isPending} onClick={() => run(signOut, `${a.deputyName} 已签退`)}>
            签退
          </Button>
        )}
        {menu.length > 0 && (
          <Dropdown
            trigger={['click']}
            menu={{
              items: menu,
              onClick: ({ key }) => {
                if (key === 'clear') run(clear, `已撤销 ${a.deputyName} 的登记`);
                else onDialog({ kind: key as 'leave' | 'absence' | 'swap', assignment: a });
              },
            }}
          >
            <Button aria-label={`${a.deputyName} 更多`}>
              更多 <DownOutlined />
            </Button>
          </Dropdown>
        )}
      </div>
    </div>
  );
}
