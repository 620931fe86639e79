import {
  ACTIVITY_TYPES,
  PARTICIPANT_ATTENDANCE,
  PLAN_STATUSES,
  type ActivityType,
  type PlanItem,
} from '../../../../main/api/contract';

export { ACTIVITY_TYPES, PARTICIPANT_ATTENDANCE, PLAN_STATUSES };
export type { ActivityType };
export type Attendance = (typeof PARTICIPANT_ATTENDANCE)[number];
export type PlanStatus = (typeof PLAN_STATUSES)[number];

/** 计划中 blue, 已完成 green, 取消 grey, 延期 orange. */
export const PLAN_STATUS_COLOR: Record<PlanStatus, string> = {
  计划中: 'blue',
  已完成: 'green',
  取消: 'default',
  延期: 'orange',
};

export const ATTENDANCE_COLOR: Record<Attendance, string> = {
  出席: 'green',
  请假: 'orange',
  缺席: 'red',
};

export const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A plan item's time as the plan is written: 3月 or 3月15日. */
export function planWhen(item: Pick<PlanItem, 'month' | 'date'>): string {
  return item.date ? `${item.month}月${Number(item.date.slice(8, 10))}日` : `${item.month}月`;
}

/** (满意 + 基本满意) ÷ all votes, as 92.3%; — when nobody voted. */
export function satisfactionText(r: { satisfied: number; basic: number; unsatisfied: number }): string {
  const votes = r.satisfied + r.basic + r.unsatisfied;
  if (votes === 0) return '—';
  return `${(Math.round(((r.satisfied + r.basic) * 1000) / votes) / 10).toFixed(1)}%`;
}

/** Years a picker offers: next year down to five years back. */
export function yearChoices(thisYear: number): number[] {
  return Array.from({ length: 7 }, (_, i) => thisYear + 1 - i);
}
