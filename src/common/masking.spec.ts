import { maskIdNumber, maskName, maskPhone } from './masking';

describe('masking', () => {
  it('keeps the first 6 and last 4 characters of a resident ID', () => {
    expect(maskIdNumber('11010519491231002X')).toBe('110105********002X');
  });
  it('hides all but the first character of a name', () => {
    expect(maskName('张小明')).toBe('张**');
    expect(maskName('李')).toBe('*');
  });
  it('hides the middle of a phone number', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
  });
});
