import { useState } from 'react';
import { Alert, App, Button, Descriptions, Drawer, Skeleton, Space, Tag } from 'antd';
import {
  DeleteOutlined,
  EditOutlined,
  LoginOutlined,
  LogoutOutlined,
  PrinterOutlined,
  RollbackOutlined,
  SwapOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import { useNavigate } from 'react-router-dom';
import { errorMessage, useCall, useMutate, type DutyAssignment, type DutySlot } from '../../api';
import {
  clockOf,
  dayText,
  fullDayText,
  levelsText,
  STATUS_COLOR,
  timeText,
  useStationToday,
  weekdayText,
} from './labels';
import { AssignmentDialogs, SlotDeputiesDialog, SlotEditDialog, type AssignmentDialog } from './SlotDialogs';
import { useAttendanceSteps } from './use-attendance-steps';
import { LoadProblem } from '../../components/LoadProblem';
import { editorPath } from '../notices/labels';

/** One deputy's line: name, status, and what the clerk can record for them on this date. */
export function AssignmentRow({
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

  return (
    <li className={`drawer-deputy status-${a.status}`} data-testid={`assignment-${a.deputyName}`}>
      <div className="drawer-deputy-head">
        <span className={`drawer-deputy-name${a.status === '调换' ? ' struck' : ''}`}>{a.deputyName}</span>
        <span className="muted drawer-deputy-levels">{levelsText(a.levels)}</span>
        <Tag color={STATUS_COLOR[a.status]} className="drawer-status">
          {a.status}
        </Tag>
      </div>
      <div className="drawer-deputy-detail">
        {a.status === '到岗' && (
          <span>
            到岗 {clockOf(a.signedInAt)}
            {a.signedOutAt && `，签退 ${clockOf(a.signedOutAt)}`}
          </span>
        )}
        {a.status === '调换' && a.swappedWith && <span>由 {a.swappedWith.deputyName} 调换</span>}
        {a.reason && a.status !== '调换' && <span className="muted">{a.reason}</span>}
      </div>
      <Space wrap className="drawer-deputy-actions">
        {can.signIn && (
          <Button
            type="primary"
            icon={<LoginOutlined />}
            loading={signIn.isPending}
            onClick={() => run(signIn, `${a.deputyName} 已到岗`)}
          >
            签到
          </Button>
        )}
        {can.signOut && (
          <Button
            icon={<LogoutOutlined />}
            loading={signOut.isPending}
            onClick={() => run(signOut, `${a.deputyName} 已签退`)}
          >
            签退
          </Button>
        )}
        {can.leave && <Button onClick={() => onDialog({ kind: 'leave', assignment: a })}>请假</Button>}
        {can.swap && (
          <Button icon={<SwapOutlined />} onClick={() => onDialog({ kind: 'swap', assignment: a })}>
            调换
          </Button>
        )}
        {can.absence && (
          <Button danger onClick={() => onDialog({ kind: 'absence', assignment: a })}>
            缺席
          </Button>
        )}
        {can.clear && (
          <Button
            icon={<RollbackOutlined />}
            loading={clear.isPending}
            onClick={() => run(clear, `已撤销 ${a.deputyName} 的${a.status}登记`)}
          >
            撤销{a.status}
          </Button>
        )}
      </Space>
    </li>
  );
}

/** The slot drawer: everything about one duty slot, and every change to it. */
export function SlotDrawer({ slotId, onClose }: { slotId: string | null; onClose: () => void }) {
  const slot = useCall('duty.getSlot', { id: slotId ?? '' }, { enabled: !!slotId });
  const s = slotId ? slot.data : undefined;
  return (
    <Drawer
      open={!!slotId}
      onClose={onClose}
      size={600}
      title={s ? `${dayText(s.date)} ${weekdayText(s.date)} ${timeText(s)}` : '值班'}
      destroyOnHidden
      className="slot-drawer"
    >
      {slot.isPending && slotId && <Skeleton active paragraph={{ rows: 8 }} />}
      {slot.isError && <LoadProblem what="这次值班" error={slot.error} onRetry={() => void slot.refetch()} />}
      {s && <SlotDetail slot={s} onDeleted={onClose} />}
    </Drawer>
  );
}

function SlotDetail({ slot, onDeleted }: { slot: DutySlot; onDeleted: () => void }) {
  const { message, modal } = App.useApp();
  const navigate = useNavigate();
  const today = useStationToday();
  const update = useMutate('duty.updateSlot');
  const remove = useMutate('duty.deleteSlot');
  const [dialog, setDialog] = useState<AssignmentDialog>(null);
  const [editing, setEditing] = useState<'slot' | 'deputies' | null>(null);
  const moved = slot.plannedDate !== slot.date;
  const on = slot.assignments.filter((a) => a.status !== '调换' && a.status !== '请假').length;

  const keepDate = () =>
    update.mutate(
      {
        id: slot.id,
        date: slot.plannedDate,
        start: slot.start,
        end: slot.end,
        place: slot.place,
        capacity: slot.capacity,
        note: slot.note,
      },
      {
        onSuccess: () => void message.success(`已改回原定的 ${dayText(slot.plannedDate)}`),
        onError: (e) => void message.error(errorMessage(e)),
      },
    );

  const confirmDelete = () =>
    modal.confirm({
      title: `删除 ${dayText(slot.date)} ${timeText(slot)} 的值班？`,
      content: '删除后这一班不再出现在排班表里。已经登记了到岗、请假的值班不能删除。',
      okText: '删除',
      cancelText: '不删除',
      okButtonProps: { danger: true, size: 'large' },
      cancelButtonProps: { size: 'large' },
      onOk: async () => {
        try {
          await remove.mutateAsync({ id: slot.id });
          void message.success('值班已删除');
          onDeleted();
        } catch (e) {
          void message.error(errorMessage(e));
        }
      },
    });

  return (
    <div className="slot-detail" data-testid="slot-detail">
      <Descriptions column={1} size="middle" className="slot-descriptions">
        <Descriptions.Item label="日期">
          {fullDayText(slot.date)}（{weekdayText(slot.date)}）
        </Descriptions.Item>
        <Descriptions.Item label="时间">{timeText(slot)}</Descriptions.Item>
        <Descriptions.Item label="地点">{slot.place}</Descriptions.Item>
        <Descriptions.Item label="每班人数">
          {slot.capacity} 人
          {on < slot.capacity && <span className="overdue-text">（还差 {slot.capacity - on} 人）</span>}
        </Descriptions.Item>
        <Descriptions.Item label="来源">
          {slot.ruleName || '手工添加'}
          {slot.handEdited && slot.ruleName && <Tag className="slot-edited-tag">手工调整过</Tag>}
        </Descriptions.Item>
        {slot.note && <Descriptions.Item label="备注">{slot.note}</Descriptions.Item>}
        <Descriptions.Item label="接待日公告">
          {slot.noticePrintedAt ? `已打印（${dayText(slot.noticePrintedAt.slice(0, 10))}）` : '还没有打印'}
        </Descriptions.Item>
      </Descriptions>

      {moved && (
        <Alert
          className="slot-moved"
          type="info"
          showIcon
          title={`原定${dayText(slot.plannedDate)}，${slot.movedReason || '节假日顺延'}`}
          action={
            <Button loading={update.isPending} onClick={keepDate}>
              不顺延，保持原日期
            </Button>
          }
        />
      )}

      <h3 className="drawer-section-title">值班代表</h3>
      {slot.assignments.length === 0 ? (
        <p className="muted">还没有安排代表。点「调整代表」选择。</p>
      ) : (
        <ul className="drawer-deputies">
          {slot.assignments.map((a) => (
            <AssignmentRow key={a.id} slot={slot} a={a} today={today} onDialog={setDialog} />
          ))}
        </ul>
      )}

      <div className="drawer-actions">
        <Button size="large" icon={<TeamOutlined />} onClick={() => setEditing('deputies')}>
          调整代表
        </Button>
        <Button size="large" icon={<EditOutlined />} onClick={() => setEditing('slot')}>
          修改时间地点
        </Button>
        <Button
          size="large"
          type="primary"
          icon={<PrinterOutlined />}
          onClick={() => void navigate(editorPath('reception-notice', slot.id))}
        >
          打印接待日公告
        </Button>
        <Button size="large" danger icon={<DeleteOutlined />} onClick={confirmDelete}>
          删除
        </Button>
      </div>

      <AssignmentDialogs slot={slot} dialog={dialog} onClose={() => setDialog(null)} />
      {editing === 'slot' && <SlotEditDialog slot={slot} open onClose={() => setEditing(null)} />}
      {editing === 'deputies' && <SlotDeputiesDialog slot={slot} open onClose={() => setEditing(null)} />}
    </div>
  );
}
