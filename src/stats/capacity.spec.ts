import { buildCapacityReport, CAPACITY_TARGET_PER_1000, inclusiveShare, meetsTarget, slotsPer1000 } from './capacity';

describe('capacity arithmetic', () => {
  it('rounds slots per 1,000 to 2 decimals', () => {
    expect(slotsPer1000(100, 30000)).toBe(3.33);
    expect(slotsPer1000(2, 3000)).toBe(0.67);
    expect(slotsPer1000(150, 30000)).toBe(5);
    expect(slotsPer1000(10, 0)).toBeNull();
  });

  it('compares against the target exactly, not on the rounded figure', () => {
    expect(CAPACITY_TARGET_PER_1000).toBe(5);
    expect(meetsTarget(150, 30000)).toBe(true);
    // 4.9999 per 1,000 rounds to 5.00 but is below the target
    expect(slotsPer1000(49999, 10_000_000)).toBe(5);
    expect(meetsTarget(49999, 10_000_000)).toBe(false);
    expect(meetsTarget(0, 0)).toBe(false);
  });

  it('gives the inclusive share to 4 decimals, null without slots', () => {
    expect(inclusiveShare(2, 3)).toBe(0.6667);
    expect(inclusiveShare(0, 0)).toBeNull();
  });
});

describe('capacity report', () => {
  it('sums per township, keeps unknown townships in the district total only', () => {
    const report = buildCapacityReport(
      [
        { code: 'B', name: '乙镇', population: 20000 },
        { code: 'A', name: '甲街道', population: 10000 },
      ],
      [
        { township: 'A', approvedSlots: 40, inclusive: true },
        { township: 'A', approvedSlots: 20, inclusive: false },
        { township: 'B', approvedSlots: 50, inclusive: false },
        { township: 'X', approvedSlots: 10, inclusive: true },
        { township: null, approvedSlots: 5, inclusive: false },
      ],
    );
    expect(report.townships).toEqual([
      {
        code: 'A',
        name: '甲街道',
        population: 10000,
        institutions: 2,
        approvedSlots: 60,
        slotsPer1000: 6,
        meetsTarget: true,
        inclusiveSlots: 40,
        inclusiveShare: 0.6667,
      },
      {
        code: 'B',
        name: '乙镇',
        population: 20000,
        institutions: 1,
        approvedSlots: 50,
        slotsPer1000: 2.5,
        meetsTarget: false,
        inclusiveSlots: 0,
        inclusiveShare: 0,
      },
    ]);
    expect(report.unassigned).toEqual({ institutions: 2, approvedSlots: 15, inclusiveSlots: 10 });
    expect(report.district).toEqual({
      code: null,
      name: '全区',
      population: 30000,
      institutions: 5,
      approvedSlots: 125,
      slotsPer1000: 4.17,
      meetsTarget: false,
      inclusiveSlots: 50,
      inclusiveShare: 0.4,
    });
  });
});
