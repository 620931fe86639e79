import { describe, expect, it } from 'vitest';
import { endOfMonth, isBehind, satisfactionRate } from '../../main/services/activities';

/** The plan's "behind" rule and the 述职 satisfaction rate, as pure functions. */

describe('endOfMonth', () => {
  it('knows month lengths and leap years', () => {
    expect(endOfMonth(2024, 2)).toBe('2024-02-29');
    expect(endOfMonth(2025, 2)).toBe('2025-02-28');
    expect(endOfMonth(2025, 4)).toBe('2025-04-30');
    expect(endOfMonth(2025, 12)).toBe('2025-12-31');
  });
});

describe('isBehind', () => {
  const item = (date = '') => ({ year: 2025, month: 3, date });
  it('is behind only when still 计划中 after its date, or after its month without a date', () => {
    expect(isBehind(item(), '计划中', '2025-03-31')).toBe(false);
    expect(isBehind(item(), '计划中', '2025-04-01')).toBe(true);
    expect(isBehind(item('2025-03-10'), '计划中', '2025-03-10')).toBe(false);
    expect(isBehind(item('2025-03-10'), '计划中', '2025-03-11')).toBe(true);
    for (const status of ['已完成', '取消', '延期'] as const)
      expect(isBehind(item('2025-03-10'), status, '2026-01-01')).toBe(false);
  });
});

describe('satisfactionRate', () => {
  it('is (满意 + 基本满意) ÷ votes, one decimal, null without votes', () => {
    expect(satisfactionRate({ satisfied: 40, basic: 10, unsatisfied: 2 })).toBe(96.2);
    expect(satisfactionRate({ satisfied: 1, basic: 1, unsatisfied: 1 })).toBe(66.7);
    expect(satisfactionRate({ satisfied: 0, basic: 0, unsatisfied: 5 })).toBe(0);
    expect(satisfactionRate({ satisfied: 5, basic: 0, unsatisfied: 0 })).toBe(100);
    expect(satisfactionRate({ satisfied: 0, basic: 0, unsatisfied: 0 })).toBeNull();
  });
});
