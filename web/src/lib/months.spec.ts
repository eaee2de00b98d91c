import { addMonths, clampMonth, isMonth, isMonthDisabled, monthLabel, rosterMonthBounds, rosterMonthsDue, shanghaiMonth } from './months';

describe('months', () => {
  it('knows a month when it sees one', () => {
    expect(isMonth('2026-03')).toBe(true);
    expect(isMonth('2026-3')).toBe(false);
    expect(isMonth('2026-13')).toBe(false);
    expect(isMonth('2026-00')).toBe(false);
  });

  it('takes the month in Asia/Shanghai: 16:00 UTC on the last day is already the next month', () => {
    expect(shanghaiMonth(new Date('2026-03-31T15:59:59Z'))).toBe('2026-03');
    expect(shanghaiMonth(new Date('2026-03-31T16:00:00Z'))).toBe('2026-04');
    expect(shanghaiMonth(new Date('2026-12-31T16:00:00Z'))).toBe('2027-01');
  });

  it('adds months across years both ways', () => {
    expect(addMonths('2026-12', 1)).toBe('2027-01');
    expect(addMonths('2026-01', -1)).toBe('2025-12');
    expect(addMonths('2026-03', -15)).toBe('2024-12');
    expect(() => addMonths('March', 1)).toThrow(RangeError);
  });

  it('labels months in Chinese', () => {
    expect(monthLabel('2026-03')).toBe('2026年3月');
    expect(monthLabel('2026-11')).toBe('2026年11月');
  });

  it('disables months outside the bounds, inclusive bounds allowed', () => {
    const bounds = { min: '2024-01', max: '2026-03' };
    expect(isMonthDisabled('2026-03', bounds)).toBe(false);
    expect(isMonthDisabled('2024-01', bounds)).toBe(false);
    expect(isMonthDisabled('2026-04', bounds)).toBe(true);
    expect(isMonthDisabled('2023-12', bounds)).toBe(true);
    expect(isMonthDisabled('garbage', bounds)).toBe(true);
    expect(isMonthDisabled('2030-01', {})).toBe(false);
  });

  it('clamps a wanted month into the bounds', () => {
    expect(clampMonth('2027-01', { max: '2026-03' })).toBe('2026-03');
    expect(clampMonth('2020-01', { min: '2024-01' })).toBe('2024-01');
    expect(clampMonth('2025-05', { min: '2024-01', max: '2026-03' })).toBe('2025-05');
  });

  it('offers roster months up to the current Shanghai month, and names last month and this month as due', () => {
    const now = new Date('2026-03-31T16:30:00Z'); // 2026-04-01 00:30 in Shanghai
    expect(rosterMonthBounds(now)).toEqual({ min: '2020-01', max: '2026-04' });
    expect(rosterMonthsDue(now)).toEqual(['2026-03', '2026-04']);
  });
});
