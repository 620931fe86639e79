import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../main/api/contract';
import { auditAction, auditSummary } from '../../renderer/src/lib/audit';

const entry = (action: string, entity: string, diff: object): AuditEntry => ({
  seq: 1,
  at: '2026-12-06T10:00:00+08:00',
  actor: '王站长',
  action,
  entity,
  entityId: 'x',
  diff: JSON.stringify(diff),
});

describe('the audit card in words', () => {
  it('names account changes in Chinese, roles included, and never a password', () => {
    const created = entry('create', 'accounts', { after: { name: '李文书', role: 'clerk' } });
    expect(auditAction(created)).toBe('新增账户');
    expect(auditSummary(created)).toBe('姓名：李文书；角色：工作人员');
    const promoted = entry('update', 'accounts', {
      name: '李文书',
      role: { before: 'clerk', after: 'admin' },
    });
    expect(auditSummary(promoted)).toBe('姓名：李文书；角色：工作人员 → 管理员');
    expect(auditSummary(entry('update', 'accounts', { name: '李文书', password: '管理员重设' }))).toBe(
      '姓名：李文书；密码：管理员重设',
    );
  });

  it('says which backup replaced the data file and where the old one went', () => {
    const restore = entry('restore', 'station', {
      backup: 'LHX-001-20261201-020000.db',
      keptAs: 'before-restore-20261206-100000.db',
      carriedOver: true,
    });
    expect(auditAction(restore)).toBe('从备份恢复');
    expect(auditSummary(restore)).toBe(
      '用备份 LHX-001-20261201-020000.db 替换了数据文件，原文件另存为 before-restore-20261206-100000.db',
    );
  });
});
