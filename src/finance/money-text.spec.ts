import { fenTextToFen, MAX_PAYMENT_FEN, numberCellToText, parseDateText, yuanTextToFen } from './money-text';

describe('yuanTextToFen', () => {
  it.each([
    ['300', 30000],
    ['300.5', 30050],
    ['300.50', 30050],
    ['0.29', 29],
    ['0.01', 1],
    ['1,234.56', 123456],
    ['12,345,678.90', 1234567890],
    [' 42.10 ', 4210],
    ['007.10', 710],
  ])('%p yuan is %p fen', (text, fen) => {
    expect(yuanTextToFen(text)).toEqual({ ok: true, value: fen });
  });

  it.each([['1.005'], ['1.'], ['.5'], ['-3.00'], ['+3'], ['1e3'], ['12,34.00'], ['1,2345'], ['abc'], [''], ['３００'], ['300元']])(
    'refuses %p',
    (text) => {
      expect(yuanTextToFen(text)).toEqual({ ok: false, problem: 'AMOUNT_INVALID' });
    },
  );

  it('refuses zero and amounts above one payment', () => {
    expect(yuanTextToFen('0.00')).toEqual({ ok: false, problem: 'AMOUNT_NOT_POSITIVE' });
    expect(yuanTextToFen('21474836.47')).toEqual({ ok: true, value: MAX_PAYMENT_FEN });
    expect(yuanTextToFen('21474836.48')).toEqual({ ok: false, problem: 'AMOUNT_TOO_LARGE' });
    expect(yuanTextToFen('99999999999999999999.99')).toEqual({ ok: false, problem: 'AMOUNT_TOO_LARGE' });
  });

  it('is exact where floating point is not (0.29 * 100 = 28.999999999999996)', () => {
    expect(0.29 * 100).not.toBe(29);
    for (let cents = 0; cents < 100_000; cents += 7) {
      const text = `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
      if (cents > 0) expect(yuanTextToFen(text)).toEqual({ ok: true, value: cents });
    }
  });
});

describe('fenTextToFen', () => {
  it('takes whole fen only', () => {
    expect(fenTextToFen('30000')).toEqual({ ok: true, value: 30000 });
    expect(fenTextToFen('300.00')).toEqual({ ok: false, problem: 'AMOUNT_INVALID' });
    expect(fenTextToFen('0')).toEqual({ ok: false, problem: 'AMOUNT_NOT_POSITIVE' });
    expect(fenTextToFen('-5')).toEqual({ ok: false, problem: 'AMOUNT_INVALID' });
  });
});

describe('numberCellToText', () => {
  it('gives the decimal a clerk typed for number cells', () => {
    expect(numberCellToText(1234.56)).toBe('1234.56');
    expect(yuanTextToFen(numberCellToText(0.29))).toEqual({ ok: true, value: 29 });
    expect(yuanTextToFen(numberCellToText(1.005))).toEqual({ ok: false, problem: 'AMOUNT_INVALID' });
    expect(yuanTextToFen(numberCellToText(1e21))).toEqual({ ok: false, problem: 'AMOUNT_INVALID' });
    expect(yuanTextToFen(numberCellToText(NaN))).toEqual({ ok: false, problem: 'AMOUNT_INVALID' });
  });
});

describe('parseDateText', () => {
  it.each([
    ['2026-03-05', '2026-03-05'],
    ['2026/3/5', '2026-03-05'],
    ['2026.03.05', '2026-03-05'],
    ['20260305', '2026-03-05'],
    ['2024-02-29', '2024-02-29'],
  ])('%p is %p', (text, date) => expect(parseDateText(text)).toBe(date));

  it.each([['2023-02-29'], ['2026-13-01'], ['2026-00-10'], ['05/03/2026'], ['2026-3'], ['tomorrow'], ['']])('refuses %p', (text) => {
    expect(parseDateText(text)).toBeNull();
  });
});
