import { ageBand, caregiverRatio } from './caregiver-ratio';

const d = (s: string) => new Date(`${s}T00:00:00Z`);
const STANDARD = { under12: 3, from12To24: 5, from24To36: 7 };

describe('caregiver ratio', () => {
  it('bands by full months on the first day of the month', () => {
    expect(ageBand(d('2025-03-02'), '2026-03')).toBe('UNDER_12_MONTHS'); // 11 months on 2026-03-01
    expect(ageBand(d('2025-03-01'), '2026-03')).toBe('FROM_12_TO_24_MONTHS'); // 12 months that day
    expect(ageBand(d('2024-03-02'), '2026-03')).toBe('FROM_12_TO_24_MONTHS');
    expect(ageBand(d('2024-03-01'), '2026-03')).toBe('FROM_24_TO_36_MONTHS');
    expect(ageBand(d('2023-03-02'), '2026-03')).toBe('FROM_24_TO_36_MONTHS');
    expect(ageBand(d('2023-03-01'), '2026-03')).toBeNull();
  });

  it('sums each band rounded up and flags a shortfall', () => {
    const births = [...Array(4).fill(d('2025-06-01')), ...Array(5).fill(d('2024-12-01')), d('2023-12-01'), d('2022-01-01')];
    const r = caregiverRatio('2026-03', births, 4, STANDARD);
    expect(r.bands.map((b) => [b.band, b.children, b.caregiversRequired])).toEqual([
      ['UNDER_12_MONTHS', 4, 2],
      ['FROM_12_TO_24_MONTHS', 5, 1],
      ['FROM_24_TO_36_MONTHS', 1, 1],
    ]);
    expect(r).toMatchObject({ caregiversRequired: 4, caregiversActive: 4, short: false });
    expect(caregiverRatio('2026-03', births, 3, STANDARD).short).toBe(true);
    expect(caregiverRatio('2026-03', [], 0, STANDARD)).toMatchObject({ caregiversRequired: 0, short: false });
  });
});
