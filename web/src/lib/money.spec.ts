import { fenToYuanText, formatFen, formatFenOrDash, parseYuanToFen } from './money';

describe('formatFen', () => {
  it.each([
    [0, '¥0.00'],
    [1, '¥0.01'],
    [10, '¥0.10'],
    [30000, '¥300.00'],
    [123400, '¥1,234.00'],
    [123456789, '¥1,234,567.89'],
    [-40000, '-¥400.00'],
    [-5, '-¥0.05'],
  ])('%p fen → %s', (fen, text) => {
    expect(formatFen(fen)).toBe(text);
  });

  it('is exact beyond floating point (sums of a district over years) and accepts decimal strings and BigInt', () => {
    expect(formatFen(Number.MAX_SAFE_INTEGER)).toBe('¥90,071,992,547,409.91');
    expect(formatFen('123456789012345678901')).toBe('¥1,234,567,890,123,456,789.01');
    expect(formatFen(10n ** 20n + 7n)).toBe('¥1,000,000,000,000,000,000.07');
    // 0.1 + 0.2 style drift cannot happen: 29 fen stays 29
    expect(formatFen(29)).toBe('¥0.29');
  });

  it('refuses what is not a whole number of fen rather than guess', () => {
    expect(() => formatFen(12.5)).toThrow(RangeError);
    expect(() => formatFen(Number.NaN)).toThrow(RangeError);
    expect(() => formatFen('12.50')).toThrow(RangeError);
    expect(() => formatFen(2 ** 60)).toThrow(RangeError);
  });

  it('shows a dash for a missing amount', () => {
    expect(formatFenOrDash(null)).toBe('—');
    expect(formatFenOrDash(undefined)).toBe('—');
    expect(formatFenOrDash(98000)).toBe('¥980.00');
  });
});

describe('parseYuanToFen', () => {
  it.each([
    ['1200', 120000],
    ['1,200.5', 120050],
    ['¥1200.05', 120005],
    [' 0.1 ', 10],
  ])('%s → %i fen', (text, fen) => expect(parseYuanToFen(text)).toBe(fen));

  it.each(['', '-5', '1.234', '12,00', 'abc', '1e3'])('refuses %p', (text) => expect(parseYuanToFen(text)).toBeNull());
});

describe('fenToYuanText', () => {
  it.each([
    [0, '0.00'],
    [5, '0.05'],
    [123450, '1234.50'],
    [-10001, '-100.01'],
    [Number.MAX_SAFE_INTEGER, '90071992547409.91'],
  ])('%i fen → %s', (fen, text) => expect(fenToYuanText(fen)).toBe(text));
});
