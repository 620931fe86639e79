import type { AuditEntry } from '../../../main/api/contract';
import { ROLE_LABELS, type UserRole } from '../../../main/api/contract-auth';
import { STATION_FIELDS, STATION_FIELD_ORDER } from './station-fields';

const ACTIONS: Record<string, string> = { create: '新增', update: '修改', delete: '删除', restore: '' };

const ENTITIES: Record<string, string> = {
  station: '本站信息',
  signing_key: '签名密钥',
  accounts: '账户',
  settings: '设置',
};

/** An account's audit rows: who was added, changed or removed (never a password). */
const ACCOUNT_COLUMNS: Record<string, string> = {
  name: '姓名',
  role: '角色',
  disabled: '停用',
  password: '密码',
};

/** Column names in the audit diff (snake_case) → the words the forms use. */
const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const COLUMNS: Record<string, string> = {
  ...Object.fromEntries(STATION_FIELD_ORDER.map((f) => [snake(f), STATION_FIELDS[f].label])),
  time_zone: '时区',
};
/** Form order, so a new station reads 站点编码, 站点名称, … as on the form. */
const COLUMN_ORDER = Object.keys(COLUMNS);

export function auditAction(entry: AuditEntry): string {
  if (entry.action === 'restore') return '从备份恢复';
  return `${ACTIONS[entry.action] ?? entry.action}${ENTITIES[entry.entity] ?? entry.entity}`;
}

function show(value: unknown): string {
  if (value === null || value === undefined || value === '') return '（空）';
  if (value === true) return '是';
  if (value === false) return '否';
  if (typeof value === 'string') return ROLE_LABELS[value as UserRole] ?? value;
  return JSON.stringify(value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** One readable line about what changed, e.g. “联系电话：0571-1 → 0571-2”. */
export function auditSummary(entry: AuditEntry): string {
  let diff: unknown;
  try {
    diff = JSON.parse(entry.diff);
  } catch {
    return entry.diff;
  }
  if (!isRecord(diff)) return '';
  if (entry.entity === 'signing_key' && entry.action === 'create') return '生成本站签名密钥';
  if (entry.action === 'restore')
    return `用备份 ${show(diff.backup)} 替换了数据文件${diff.keptAs ? `，原文件另存为 ${show(diff.keptAs)}` : ''}`;
  if (entry.entity === 'accounts') {
    const values = isRecord(diff.after) ? diff.after : isRecord(diff.before) ? diff.before : diff;
    return Object.entries(values)
      .filter(([key]) => ACCOUNT_COLUMNS[key])
      .map(([key, v]) =>
        isRecord(v) && 'after' in v
          ? `${ACCOUNT_COLUMNS[key]}：${show(v.before)} → ${show(v.after)}`
          : `${ACCOUNT_COLUMNS[key]}：${show(v)}`,
      )
      .join('；');
  }
  if (entry.action === 'create' && isRecord(diff.after)) {
    return Object.entries(diff.after)
      .filter(([key]) => COLUMNS[key])
      .sort(([a], [b]) => COLUMN_ORDER.indexOf(a) - COLUMN_ORDER.indexOf(b))
      .map(([key, value]) => `${COLUMNS[key]}：${show(value)}`)
      .join('；');
  }
  if (entry.action === 'delete') return '已删除';
  return Object.entries(diff)
    .filter(([, change]) => isRecord(change) && 'after' in change)
    .map(([key, change]) => {
      const c = change as { before: unknown; after: unknown };
      return `${COLUMNS[key] ?? key}：${show(c.before)} → ${show(c.after)}`;
    })
    .join('；');
}
