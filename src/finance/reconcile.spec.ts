import { discrepancyKind, paymentState, reconcile } from './reconcile';

describe('paymentState', () => {
  it.each([
    [30000, 30000, 'PAID'],
    [30000, 0, 'UNPAID'],
    [30000, 10000, 'UNDERPAID'],
    [30000, 40000, 'OVERPAID'],
    [0, 500, 'PAID_NOT_OWED'],
    [0, 0, 'NOTHING_OWED'],
  ] as const)('owed %p, paid %p → %p', (expected, paid, state) => {
    expect(paymentState(expected, paid)).toBe(state);
  });

  it('reports not paid at all as UNDERPAID', () => {
    expect(discrepancyKind('UNPAID')).toBe('UNDERPAID');
    expect(discrepancyKind('PAID')).toBeNull();
    expect(discrepancyKind('NOTHING_OWED')).toBeNull();
  });
});

describe('reconcile', () => {
  it('totals expected and paid, and an overpayment does not reduce what another is still owed', () => {
    const rec = reconcile([
      { institutionId: 'a', expectedFen: 30000, paidFen: 30000 },
      { institutionId: 'b', expectedFen: 70000, paidFen: 40000 },
      { institutionId: 'c', expectedFen: 40000, paidFen: 50000 },
      { institutionId: 'd', expectedFen: 0, paidFen: 1000 },
      { institutionId: 'e', expectedFen: 0, paidFen: 0 },
    ]);
    expect(rec).toMatchObject({ expectedFen: 140000, paidFen: 121000, outstandingFen: 30000, matched: false });
    expect(rec.discrepancies.map((d) => [d.institutionId, d.kind, d.differenceFen])).toEqual([
      ['b', 'UNDERPAID', -30000],
      ['c', 'OVERPAID', 10000],
      ['d', 'PAID_NOT_OWED', 1000],
    ]);
    expect(rec.institutions.map((i) => i.state)).toEqual(['PAID', 'UNDERPAID', 'OVERPAID', 'PAID_NOT_OWED', 'NOTHING_OWED']);
  });

  it('matches when every institution got exactly what it was owed', () => {
    const rec = reconcile([
      { institutionId: 'a', expectedFen: 30000, paidFen: 30000 },
      { institutionId: 'e', expectedFen: 0, paidFen: 0 },
    ]);
    expect(rec).toMatchObject({ expectedFen: 30000, paidFen: 30000, outstandingFen: 0, matched: true, discrepancies: [] });
  });

  it('does not match when totals agree but institutions do not', () => {
    const rec = reconcile([
      { institutionId: 'a', expectedFen: 30000, paidFen: 40000 },
      { institutionId: 'b', expectedFen: 40000, paidFen: 30000 },
    ]);
    expect(rec.expectedFen).toBe(rec.paidFen);
    expect(rec.matched).toBe(false);
    expect(rec.outstandingFen).toBe(10000);
  });
});
