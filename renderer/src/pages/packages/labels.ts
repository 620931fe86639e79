import dayjs from 'dayjs';
import type { OutboxItem, OutboxStatus } from '../../../../main/api/contract';

export type { OutboxItem, OutboxStatus };
export type OutboxState = OutboxItem['state'];

/** Tag colours of the outbox states (antd preset colours; 上传中 also gets a spinning icon). */
export const STATE_COLORS: Record<OutboxState, string> = {
  已生成: 'blue',
  上传中: 'geekblue',
  已上传: 'cyan',
  已拷贝到U盘: 'purple',
  已确认: 'green',
  被拒绝: 'red',
};

export const KIND_LABELS: Record<OutboxItem['kind'], string> = { incremental: '增量', full: '全量' };

/** The synced tables (and the package's audit and attachments) as a clerk calls them. */
const TABLE_NAMES: Record<string, string> = {
  station: '本站信息',
  settings: '设置',
  deputy_groups: '代表小组',
  deputies: '代表名册',
  deputy_status_history: '代表状态变更',
  receptions: '接待登记',
  reception_visitors: '来访群众',
  reception_deputies: '接待代表',
  reception_attachments: '接待附件',
  reception_events: '办理经过',
  duty_rules: '值班规则',
  duty_slots: '值班安排',
  duty_assignments: '值班代表',
  duty_leaves: '代表请假',
  holiday_days: '节假日',
  notice_prints: '公示打印记录',
  plan_items: '年度活动计划',
  activities: '活动记录',
  activity_participants: '活动参加代表',
  audit: '操作记录',
  attachments: '照片和附件',
};

export function tableName(table: string): string {
  return TABLE_NAMES[table] ?? table;
}

/** 812 字节, 35.2 KB, 4.1 MB */
export function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} 字节`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** 14:05 today, else 11月24日 14:05. */
export function shortTime(iso: string): string {
  const d = dayjs(iso);
  if (!d.isValid()) return iso;
  return d.isSame(dayjs(), 'day') ? d.format('HH:mm') : d.format('M月D日 HH:mm');
}

const HAS_CHINESE = /[\u4e00-\u9fff]/;

/** The export's failure in words a clerk can act on (the service's message is Chinese already). */
export function exportErrorText(error: NonNullable<OutboxStatus['exportError']>): string {
  if (HAS_CHINESE.test(error.message)) return error.message;
  return `生成数据包没有成功（${error.code}）。请重试；如果反复出现，请记下时间并联系技术人员。`;
}
