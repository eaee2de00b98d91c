import { addMonths, daysInMonth, shanghaiMonthBounds, shanghaiMonthOf, shanghaiStartOfDay, shanghaiToday } from './month';

describe('month helpers', () => {
  it('counts days, leap years included', () => {
    expect(daysInMonth('2024-02')).toBe(29);
    expect(daysInMonth('2023-02')).toBe(28);
    expect(daysInMonth('2026-12')).toBe(31);
  });
  it('adds months across years', () => {
    expect(addMonths('2026-12', 1)).toBe('2027-01');
    expect(addMonths('2026-01', -1)).toBe('2025-12');
  });
  it('places an instant in its Shanghai month', () => {
    // 2026-02-28T16:30Z is 2026-03-01 00:30 in Shanghai
    expect(shanghaiMonthOf(new Date('2026-02-28T16:30:00Z'))).toBe('2026-03');
    expect(shanghaiMonthOf(new Date('2026-02-28T15:59:59Z'))).toBe('2026-02');
  });
  it('bounds a Shanghai month in UTC', () => {
    const { start, end } = shanghaiMonthBounds('2026-03');
    expect(start.toISOString()).toBe('2026-02-28T16:00:00.000Z');
    expect(end.toISOString()).toBe('2026-03-31T16:00:00.000Z');
  });
  it('knows today and the start of a day in Shanghai', () => {
    expect(shanghaiToday(new Date('2026-03-31T15:59:59Z'))).toBe('2026-03-31');
    expect(shanghaiToday(new Date('2026-03-31T16:00:00Z'))).toBe('2026-04-01');
    expect(shanghaiStartOfDay('2026-03-10').toISOString()).toBe('2026-03-09T16:00:00.000Z');
  });
});
