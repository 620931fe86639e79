import { describe, expect, it } from 'vitest';
import { normaliseText, parseBirthDate, parseLevels } from '../../main/services/roster-xlsx';
import { pinyinKeys } from '../../main/services/roster';

describe('reading what counties type', () => {
  it('reads birth dates in every common form', () => {
    const cases: [string | number | Date, string][] = [
      ['1975.03', '1975-03'],
      ['1975年3月', '1975-03'],
      ['1975年3月8日', '1975-03-08'],
      ['1975-03-08', '1975-03-08'],
      ['1975/3/8', '1975-03-08'],
      ['197503', '1975-03'],
      [normaliseText('１９７５．０３'), '1975-03'],
      [1975.1, '1975-10'], // 1975.10 typed into a number cell loses its trailing 0
      [27461, '1975-03-08'], // an Excel serial day
      [new Date(Date.UTC(1975, 2, 7, 23, 59, 59, 999)), '1975-03-08'],
    ];
    for (const [input, want] of cases) expect(parseBirthDate(input), String(input)).toEqual({ value: want });
    expect(parseBirthDate('75.3')).toEqual({ error: expect.stringContaining('无法识别') });
    expect(parseBirthDate(null)).toEqual({ value: '' });
  });

  it('reads several levels in one cell, in any spelling, in the canonical order', () => {
    expect(parseLevels('县、乡')).toEqual({ value: ['县', '乡镇'] });
    expect(parseLevels('市,省')).toEqual({ value: ['省', '市'] });
    expect(parseLevels('全国人大代表')).toEqual({ value: ['全国'] });
    expect(parseLevels('县级、乡镇级')).toEqual({ value: ['县', '乡镇'] });
    expect(parseLevels('国家 省')).toEqual({ value: ['全国', '省'] });
    expect(parseLevels('乡；镇')).toEqual({ value: ['乡镇'] });
    expect(parseLevels('村')).toEqual({ error: expect.stringContaining('“村”无法识别') });
  });

  it('normalises full-width letters, digits and spaces but keeps Chinese punctuation', () => {
    expect(normaliseText('　ＱＳ１８－０００１　')).toBe('QS18-0001');
    expect(normaliseText('第一选区（桃源村）、东片')).toBe('第一选区（桃源村）、东片');
    expect(normaliseText('李　 四')).toBe('李 四');
    expect(normaliseText('第一行 \r\n 第二行')).toBe('第一行\n第二行');
  });

  it('computes pinyin and initials for search (ü typed as v, as IMEs do)', () => {
    expect(pinyinKeys('张三')).toEqual({ full: 'zhangsan', initials: 'zs' });
    expect(pinyinKeys('吕丽')).toEqual({ full: 'lvli', initials: 'll' });
  });
});
