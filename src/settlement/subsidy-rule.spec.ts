import {
  adjustmentsFor,
  ageInFullMonths,
  computeMonthLines,
  enrolledDuring,
  institutionAmount,
  PolicyParams,
  RuleEntry,
} from './subsidy-rule';

const POLICY: PolicyParams = { secondChildFen: 30000, thirdChildFen: 40000, minAttendanceDays: 1, maxAgeMonths: 36 };
const A = '00000000-0000-4000-8000-00000000000a';
const B = '00000000-0000-4000-8000-00000000000b';
const C = '00000000-0000-4000-8000-00000000000c';

function entry(over: Partial<RuleEntry> = {}): RuleEntry {
  return {
    childId: 'child-1',
    institutionId: A,
    rosterId: `roster-${over.institutionId ?? A}`,
    birthOrder: 2,
    birthDate: '2023-05-10',
    enrolledOn: '2024-01-01',
    withdrawnOn: null,
    attendanceDays: 20,
    ...over,
  };
}

const one = (e: Partial<RuleEntry>, eligible = [A, B, C], policy = POLICY, month = '2024-06') =>
  computeMonthLines(month, policy, [entry(e)], new Set(eligible));

describe('ageInFullMonths', () => {
  it('counts full months on the first day of the month', () => {
    expect(ageInFullMonths('2021-06-01', '2024-06')).toBe(36);
    expect(ageInFullMonths('2021-06-02', '2024-06')).toBe(35);
    expect(ageInFullMonths('2021-05-31', '2024-06')).toBe(36);
    expect(ageInFullMonths('2024-06-15', '2024-06')).toBe(-1);
    expect(ageInFullMonths('2024-02-29', '2025-03')).toBe(12);
  });
});

describe('enrolledDuring', () => {
  it('needs enrolment on or before the last day and no withdrawal before the first day', () => {
    expect(enrolledDuring({ enrolledOn: '2024-06-30', withdrawnOn: null }, '2024-06')).toBe(true);
    expect(enrolledDuring({ enrolledOn: '2024-07-01', withdrawnOn: null }, '2024-06')).toBe(false);
    expect(enrolledDuring({ enrolledOn: '2024-01-01', withdrawnOn: '2024-06-01' }, '2024-06')).toBe(true);
    expect(enrolledDuring({ enrolledOn: '2024-01-01', withdrawnOn: '2024-05-31' }, '2024-06')).toBe(false);
    expect(enrolledDuring({ enrolledOn: '2024-02-29', withdrawnOn: null }, '2024-02')).toBe(true);
  });
});

describe('computeMonthLines', () => {
  it('pays second and third children and not first ones', () => {
    expect(one({ birthOrder: 2 })[0]).toMatchObject({ reason: 'PAID_SECOND_CHILD', amountFen: 30000 });
    expect(one({ birthOrder: 3 })[0]).toMatchObject({ reason: 'PAID_THIRD_CHILD', amountFen: 40000 });
    expect(one({ birthOrder: 5 })[0]).toMatchObject({ reason: 'PAID_THIRD_CHILD', amountFen: 40000 });
    expect(one({ birthOrder: 1 })[0]).toMatchObject({ reason: 'FIRST_CHILD', amountFen: 0 });
  });

  it('draws the 36-month line at the first day of the month', () => {
    // born on the first day of the month three years earlier: 36 full months → over age
    expect(one({ birthDate: '2021-06-01' })[0]).toMatchObject({ reason: 'OVER_AGE', amountFen: 0 });
    // one day later: 35 full months → paid
    expect(one({ birthDate: '2021-06-02' })[0]).toMatchObject({ reason: 'PAID_SECOND_CHILD', amountFen: 30000 });
  });

  it('applies reasons in order: eligibility, age, attendance, birth order', () => {
    expect(one({ birthDate: '2020-01-01', attendanceDays: 0, birthOrder: 1 }, [])[0].reason).toBe('INSTITUTION_NOT_ELIGIBLE');
    expect(one({ birthDate: '2020-01-01', attendanceDays: 0, birthOrder: 1 })[0].reason).toBe('OVER_AGE');
    expect(one({ attendanceDays: 0, birthOrder: 1 })[0].reason).toBe('INSUFFICIENT_ATTENDANCE');
    expect(one({ attendanceDays: 14 }, [A], { ...POLICY, minAttendanceDays: 15 })[0].reason).toBe('INSUFFICIENT_ATTENDANCE');
    expect(one({ attendanceDays: 15 }, [A], { ...POLICY, minAttendanceDays: 15 })[0].reason).toBe('PAID_SECOND_CHILD');
  });

  it('uses the policy passed in (amounts and age limit)', () => {
    const policy = { secondChildFen: 35000, thirdChildFen: 45000, minAttendanceDays: 1, maxAgeMonths: 24 };
    expect(one({ birthOrder: 3 }, [A], policy)[0].amountFen).toBe(45000);
    expect(one({ birthDate: '2022-06-01' }, [A], policy)[0].reason).toBe('OVER_AGE');
  });

  it('gives no line to a child not enrolled during the month', () => {
    expect(one({ enrolledOn: '2024-07-01' })).toEqual([]);
    expect(one({ withdrawnOn: '2024-05-31' })).toEqual([]);
  });

  describe('a child on several rosters is paid once', () => {
    const lines = (entries: Partial<RuleEntry>[], eligible = [A, B, C]) =>
      Object.fromEntries(
        computeMonthLines('2024-06', POLICY, entries.map(entry), new Set(eligible)).map((l) => [l.institutionId, l.reason]),
      );

    it('at the institution with the most attendance days', () => {
      expect(
        lines([
          { institutionId: A, attendanceDays: 5 },
          { institutionId: B, attendanceDays: 12 },
        ]),
      ).toEqual({ [A]: 'PAID_ELSEWHERE', [B]: 'PAID_SECOND_CHILD' });
    });
    it('then the earliest enrolment', () => {
      expect(
        lines([
          { institutionId: A, attendanceDays: 10, enrolledOn: '2024-06-16' },
          { institutionId: B, attendanceDays: 10, enrolledOn: '2024-03-01' },
        ]),
      ).toEqual({ [A]: 'PAID_ELSEWHERE', [B]: 'PAID_SECOND_CHILD' });
    });
    it('then the lowest institution id', () => {
      expect(lines([{ institutionId: C }, { institutionId: B }, { institutionId: A }])).toEqual({
        [A]: 'PAID_SECOND_CHILD',
        [B]: 'PAID_ELSEWHERE',
        [C]: 'PAID_ELSEWHERE',
      });
    });
    it('preferring an eligible institution, so a transfer out of an ineligible one still pays', () => {
      expect(
        lines(
          [
            { institutionId: A, attendanceDays: 20 },
            { institutionId: B, attendanceDays: 3 },
          ],
          [B],
        ),
      ).toEqual({
        [A]: 'INSTITUTION_NOT_ELIGIBLE',
        [B]: 'PAID_SECOND_CHILD',
      });
      expect(
        lines(
          [
            { institutionId: A, attendanceDays: 20 },
            { institutionId: B, attendanceDays: 3 },
          ],
          [],
        ),
      ).toEqual({
        [A]: 'INSTITUTION_NOT_ELIGIBLE',
        [B]: 'INSTITUTION_NOT_ELIGIBLE',
      });
    });
    it('says PAID_ELSEWHERE only when the winner is paid; otherwise the others get the winner’s reason', () => {
      // over age: nobody is paid, every line says why
      expect(
        lines([
          { institutionId: A, attendanceDays: 20, birthDate: '2020-01-01' },
          { institutionId: B, attendanceDays: 3, birthDate: '2020-01-01' },
        ]),
      ).toEqual({ [A]: 'OVER_AGE', [B]: 'OVER_AGE' });
      // a first child (by the winner's roster) is paid nowhere, even if another roster says second
      expect(
        lines([
          { institutionId: A, attendanceDays: 20, birthOrder: 1 },
          { institutionId: B, attendanceDays: 3, birthOrder: 2 },
        ]),
      ).toEqual({ [A]: 'FIRST_CHILD', [B]: 'FIRST_CHILD' });
      // too little attendance at the winner (the most days) means too little everywhere
      expect(
        computeMonthLines(
          '2024-06',
          { ...POLICY, minAttendanceDays: 10 },
          [entry({ institutionId: A, attendanceDays: 8 }), entry({ institutionId: B, attendanceDays: 4 })],
          new Set([A, B]),
        ).map((l) => [l.institutionId, l.reason, l.amountFen]),
      ).toEqual([
        [A, 'INSUFFICIENT_ATTENDANCE', 0],
        [B, 'INSUFFICIENT_ATTENDANCE', 0],
      ]);
      // an ineligible non-winner still says INSTITUTION_NOT_ELIGIBLE, whatever the winner's reason
      expect(
        lines(
          [
            { institutionId: A, attendanceDays: 20, birthOrder: 1 },
            { institutionId: B, attendanceDays: 25, birthOrder: 1 },
          ],
          [A],
        ),
      ).toEqual({ [A]: 'FIRST_CHILD', [B]: 'INSTITUTION_NOT_ELIGIBLE' });
      // a winner paid 0 by the policy is not "paid elsewhere" either
      expect(
        computeMonthLines(
          '2024-06',
          { ...POLICY, secondChildFen: 0 },
          [entry({ institutionId: A, attendanceDays: 20 }), entry({ institutionId: B, attendanceDays: 3 })],
          new Set([A, B]),
        ).map((l) => [l.institutionId, l.reason, l.amountFen]),
      ).toEqual([
        [A, 'PAID_SECOND_CHILD', 0],
        [B, 'PAID_SECOND_CHILD', 0],
      ]);
      // and still PAID_ELSEWHERE where the winner is paid
      expect(
        lines([
          { institutionId: A, attendanceDays: 20, birthOrder: 3 },
          { institutionId: B, attendanceDays: 3, birthOrder: 3 },
        ]),
      ).toEqual({ [A]: 'PAID_THIRD_CHILD', [B]: 'PAID_ELSEWHERE' });
    });
  });
});

describe('adjustments and carried overpayments', () => {
  it('posts the difference per child and institution, only when not zero', () => {
    const fresh = [
      { childId: 'c1', institutionId: A, amountFen: 40000 },
      { childId: 'c2', institutionId: A, amountFen: 30000 },
      { childId: 'c4', institutionId: B, amountFen: 30000 },
    ];
    const paid = [
      { childId: 'c1', institutionId: A, amountFen: 30000 },
      { childId: 'c2', institutionId: A, amountFen: 30000 },
      { childId: 'c3', institutionId: A, amountFen: 30000 },
    ];
    expect(adjustmentsFor(fresh, paid)).toEqual([
      { childId: 'c1', institutionId: A, amountFen: 10000 },
      { childId: 'c4', institutionId: B, amountFen: 30000 },
      { childId: 'c3', institutionId: A, amountFen: -30000 },
    ]);
  });

  it('never pays below zero and carries the rest forward', () => {
    expect(institutionAmount(30000, -70000, 0)).toEqual({ amountFen: 0, carriedForwardFen: 40000 });
    expect(institutionAmount(30000, 0, 40000)).toEqual({ amountFen: 0, carriedForwardFen: 10000 });
    expect(institutionAmount(30000, 0, 10000)).toEqual({ amountFen: 20000, carriedForwardFen: 0 });
    expect(institutionAmount(30000, 10000, 0)).toEqual({ amountFen: 40000, carriedForwardFen: 0 });
  });
});
