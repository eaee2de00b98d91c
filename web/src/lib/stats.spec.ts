import { effectiveEnrolment, enrolmentByTownship, utilisation } from './stats';

describe('enrolment against capacity', () => {
  it('counts each institution once, from its highest approved or locked roster version', () => {
    const counts = effectiveEnrolment([
      { institutionId: 'a', version: 1, status: 'LOCKED', entryCount: 10 },
      { institutionId: 'a', version: 2, status: 'APPROVED', entryCount: 12 },
      { institutionId: 'a', version: 3, status: 'DRAFT', entryCount: 30 },
      { institutionId: 'b', version: 1, status: 'SUBMITTED', entryCount: 5 },
    ]);
    expect([...counts]).toEqual([['a', 12]]);
  });

  it('gives the share of slots taken in per cent, one decimal, none without slots', () => {
    expect(utilisation(12, 30)).toBe(40);
    expect(utilisation(1, 3)).toBe(33.3);
    expect(utilisation(5, 0)).toBeNull();
  });

  it('sums by township, keeps unregistered townships apart, and totals the district', () => {
    const { rows, district } = enrolmentByTownship(
      [{ code: 'A', name: '甲街道' }],
      [
        { id: 'a', township: 'A', approvedSlots: 30 },
        { id: 'b', township: 'A', approvedSlots: 20 },
        { id: 'c', township: null, approvedSlots: 10 },
      ],
      [
        { institutionId: 'a', version: 1, status: 'APPROVED', entryCount: 20 },
        { institutionId: 'c', version: 1, status: 'LOCKED', entryCount: 10 },
      ],
    );
    expect(rows).toEqual([
      { code: 'A', name: '甲街道', institutions: 2, reported: 1, approvedSlots: 50, enrolled: 20, utilisation: 40 },
      { code: null, name: '未归属乡镇（街道）', institutions: 1, reported: 1, approvedSlots: 10, enrolled: 10, utilisation: 100 },
    ]);
    expect(district).toEqual({ code: null, name: '全区', institutions: 3, reported: 2, approvedSlots: 60, enrolled: 30, utilisation: 50 });
  });
});
