import { describe, expect, it } from 'vitest';
import { maskIdNumber, maskName, maskPhone } from '../../main/services/mask';

describe('masking personal data in lists', () => {
  it('phones keep the head and the last four digits', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone('0571-88886666')).toBe('0571****6666');
    expect(maskPhone('057188886666')).toBe('0571****6666');
    expect(maskPhone('010-12345678')).toBe('0101****5678');
    expect(maskPhone('')).toBe('');
    expect(maskPhone('12345')).toBe('12345');
    // The full number never survives masking.
    expect(maskPhone('13812345678')).not.toContain('1234');
  });

  it('ID numbers keep the first three and the last four characters', () => {
    expect(maskIdNumber('110105194912310025')).toBe('110***********0025');
    expect(maskIdNumber('11010519491231002X')).toBe('110***********002X');
    expect(maskIdNumber('11010519491231002X')).toHaveLength(18);
    expect(maskIdNumber('')).toBe('');
  });

  it('a confidential visitor appears by surname only', () => {
    expect(maskName('王五')).toBe('王某');
    expect(maskName('欧阳娜娜')).toBe('欧某');
    expect(maskName('')).toBe('');
  });
});
