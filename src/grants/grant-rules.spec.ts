import {
  advancedAwardIneligibility,
  amountProblems,
  budgetShortfall,
  constructionIneligibility,
  describeFen,
  grantUniqueKey,
  isFullyPaid,
  paidOnProblems,
  parseDate,
  policyInForce,
} from './grant-rules';

describe('grant rules', () => {
  const eligible = { status: 'FILED', kind: 'PUBLIC', independent: true, districtLevel: true } as const;

  it('accepts a filed, public, independent, district-level institution for a construction grant', () => {
    expect(constructionIneligibility(eligible)).toEqual([]);
  });

  it('names every failing construction condition', () => {
    const details = constructionIneligibility({ status: 'SUBMITTED', kind: 'PRIVATE', independent: false, districtLevel: false });
    expect(details.map((d) => [d.field, d.code])).toEqual([
      ['institution.status', 'NOT_FILED'],
      ['institution.kind', 'NOT_PUBLIC'],
      ['institution.independent', 'NOT_INDEPENDENT'],
      ['institution.districtLevel', 'NOT_DISTRICT_LEVEL'],
    ]);
    expect(constructionIneligibility({ ...eligible, districtLevel: false }).map((d) => d.code)).toEqual(['NOT_DISTRICT_LEVEL']);
  });

  it('requires an award institution to be filed and inclusive', () => {
    expect(advancedAwardIneligibility('FILED', true)).toEqual([]);
    expect(advancedAwardIneligibility('SUSPENDED', false).map((d) => d.code)).toEqual(['NOT_FILED', 'NOT_INCLUSIVE']);
  });

  it('takes construction amounts from policy and award amounts from the admin', () => {
    expect(amountProblems('CONSTRUCTION', undefined)).toEqual([]);
    expect(amountProblems('CONSTRUCTION', 100)[0]).toMatchObject({ field: 'amountFen', code: 'NOT_ALLOWED' });
    expect(amountProblems('ADVANCED_AWARD', 100)).toEqual([]);
    expect(amountProblems('ADVANCED_AWARD', undefined)[0]).toMatchObject({ field: 'amountFen', code: 'REQUIRED' });
  });

  it('keys construction grants per institution and awards per institution and year', () => {
    expect(grantUniqueKey('CONSTRUCTION', 'i1', 2025)).toBe(grantUniqueKey('CONSTRUCTION', 'i1', 2026));
    expect(grantUniqueKey('ADVANCED_AWARD', 'i1', 2025)).not.toBe(grantUniqueKey('ADVANCED_AWARD', 'i1', 2026));
    expect(grantUniqueKey('ADVANCED_AWARD', 'i1', 2025)).toBe('ADVANCED_AWARD:i1:2025');
  });

  it('uses, per source, the latest policy version in force for the year', () => {
    const versions = [
      { source: 'CITY', effectiveFromYear: 2024, amountFen: 15000000 },
      { source: 'DISTRICT', effectiveFromYear: 2024, amountFen: 10000000 },
      { source: 'CITY', effectiveFromYear: 2027, amountFen: 18000000 },
    ] as const;
    expect(policyInForce([...versions], 2023).size).toBe(0);
    expect(Object.fromEntries(policyInForce([...versions], 2026))).toEqual({ CITY: 15000000, DISTRICT: 10000000 });
    expect(Object.fromEntries(policyInForce([...versions], 2030))).toEqual({ CITY: 18000000, DISTRICT: 10000000 });
  });

  it('refuses a charge beyond the remaining budget and names the remainder in yuan and fen', () => {
    const budget = { year: 2026, source: 'CITY', amountFen: 20000000n, committedFen: 15000000n } as const;
    expect(budgetShortfall(budget, 5000000)).toBeNull();
    expect(budgetShortfall(budget, 5000001)).toEqual({
      message: 'The CITY budget for 2026 has 50,000.00 yuan (5000000 fen) remaining; this grant needs 50,000.01 yuan (5000001 fen) from it',
      params: { source: 'CITY', year: 2026, remainingFen: 5000000n, amountFen: 5000001 },
    });
    expect(describeFen(123456789)).toBe('1,234,567.89 yuan (123456789 fen)');
    expect(describeFen(5)).toBe('0.05 yuan (5 fen)');
  });

  it('is fully paid only when every component is', () => {
    expect(
      isFullyPaid([
        { amountFen: 10, paidFen: 10 },
        { amountFen: 5, paidFen: 4 },
      ]),
    ).toBe(false);
    expect(
      isFullyPaid([
        { amountFen: 10, paidFen: 10 },
        { amountFen: 5, paidFen: 5 },
      ]),
    ).toBe(true);
    expect(isFullyPaid([])).toBe(false);
  });

  it('accepts real past dates only', () => {
    const now = new Date('2026-03-01T17:00:00Z'); // 2026-03-02 01:00 in Shanghai
    expect(paidOnProblems('2026-03-02', now)).toEqual([]);
    expect(paidOnProblems('2026-03-03', now)[0].code).toBe('DATE_IN_FUTURE');
    expect(paidOnProblems('2025-02-29', now)[0].code).toBe('DATE_INVALID');
    expect(parseDate('2024-02-29')?.toISOString()).toBe('2024-02-29T00:00:00.000Z');
    expect(parseDate('2024-13-01')).toBeNull();
  });
});
