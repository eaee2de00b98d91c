import { maskIdNumber, maskName, maskPhone } from './masking';

describe('masking', () => {
  it('keeps the first 6 and last 4 characters of a resident ID', () => {
    expect(maskIdNumber('11010519491231002X')).toBe('110105********002X');
  });
  it('hides all but the first character of a name', () => {
    expect(maskName('张小明')).toBe('张**');
    expect(maskName('李')).toBe('*');
  });
  it.each([
    ['13812345678', '*******5678'],
    ['8123456', '***3456'],
    ['81234567', '****4567'],
    ['0635-8123456', '****-***3456'],
    ['(0635) 81234567', '(****) ****4567'],
    ['+86 138 1234 5678', '+** *** **** 5678'],
    ['010-81234567-123', '***-*******7-123'],
    ['123456', '******'],
    ['95588', '*****'],
    ['110', '***'],
    ['', ''],
  ])('never shows more than the last 4 digits of a phone number: %s → %s', (phone, masked) => {
    expect(maskPhone(phone)).toBe(masked);
    const shown = masked.replace(/\D/g, '');
    expect(shown.length).toBeLessThanOrEqual(4);
    expect(phone.replace(/\D/g, '').endsWith(shown)).toBe(true);
  });
});
