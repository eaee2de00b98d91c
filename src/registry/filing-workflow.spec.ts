import type { InstitutionStatus } from '../generated/prisma/enums';
import {
  FILING_ACTIONS,
  filedOnProblems,
  forbiddenPatchFields,
  formatFilingNumber,
  missingForSubmission,
  nextStatus,
  refusalMessage,
} from './filing-workflow';

const STATUSES: InstitutionStatus[] = ['DRAFT', 'SUBMITTED', 'FILED', 'RETURNED', 'SUSPENDED', 'CLOSED'];

describe('filing workflow', () => {
  // every (status, action) pair: the allowed ones and where they lead; everything else refused
  const ALLOWED: Record<string, InstitutionStatus> = {
    'DRAFT submit': 'SUBMITTED',
    'RETURNED submit': 'SUBMITTED',
    'SUBMITTED approve': 'FILED',
    'SUBMITTED return': 'RETURNED',
    'FILED suspend': 'SUSPENDED',
    'SUSPENDED reinstate': 'FILED',
    'FILED close': 'CLOSED',
    'SUSPENDED close': 'CLOSED',
  };
  const pairs = STATUSES.flatMap((status) => FILING_ACTIONS.map((action) => [status, action] as const));

  it.each(pairs)('%s + %s', (status, action) => {
    expect(nextStatus(status, action)).toBe(ALLOWED[`${status} ${action}`] ?? null);
  });

  it('has CLOSED as a final state', () => {
    expect(FILING_ACTIONS.map((a) => nextStatus('CLOSED', a))).toEqual(FILING_ACTIONS.map(() => null));
  });

  it('names the current state in the refusal', () => {
    expect(refusalMessage('DRAFT', 'approve')).toBe('Cannot approve an institution that is DRAFT; approve needs SUBMITTED');
  });
});

describe('PATCH field rules', () => {
  it('lets operators change only their filing fields', () => {
    expect(forbiddenPatchFields(['name', 'address', 'township', 'bankAccount', 'kind', 'independent'], 'operator')).toEqual([]);
    expect(forbiddenPatchFields(['name', 'approvedSlots', 'creditCode', 'districtLevel'], 'operator').map((f) => f.field)).toEqual([
      'approvedSlots',
      'creditCode',
      'districtLevel',
    ]);
  });

  it('refuses workflow fields to everyone', () => {
    for (const role of ['admin', 'operator'] as const) {
      expect(forbiddenPatchFields(['status', 'filingNumber', 'inclusive', 'guidancePriceFen', 'inclusiveFrom'], role)).toHaveLength(5);
    }
    expect(forbiddenPatchFields(['approvedSlots', 'creditCode', 'districtLevel'], 'admin')).toEqual([]);
  });
});

describe('filing number', () => {
  it('is 茌托备〔year〕with at least four digits', () => {
    expect(formatFilingNumber(2026, 1)).toBe('茌托备〔2026〕0001号');
    expect(formatFilingNumber(2026, 12345)).toBe('茌托备〔2026〕12345号');
  });
});

describe('submission completeness', () => {
  it('lists every missing field', () => {
    const filing = { name: 'X', township: null, address: ' ', bankName: 'B', bankAccountName: null, bankAccountNumber: '123456' };
    expect(missingForSubmission(filing).map((m) => m.field)).toEqual(['township', 'address', 'bankAccount.accountName']);
    expect(
      missingForSubmission({ name: 'X', township: 'T', address: 'A', bankName: 'B', bankAccountName: 'N', bankAccountNumber: '123456' }),
    ).toEqual([]);
  });
});

describe('historic filing date (filedOn)', () => {
  // 2026-03-31 23:59:59 in Shanghai
  const now = new Date('2026-03-31T15:59:59Z');

  it.each(['2026-03-31', '2020-02-29', '2019-12-01'])('accepts %s', (date) => expect(filedOnProblems(date, now)).toEqual([]));

  it.each([
    ['2026-04-01', 'DATE_IN_FUTURE'],
    ['2019-02-29', 'DATE_INVALID'],
    ['2026-13-01', 'DATE_INVALID'],
    ['2026-3-1', 'DATE_INVALID'],
  ])('refuses %s with %s', (date, code) => {
    expect(filedOnProblems(date, now)).toEqual([expect.objectContaining({ field: 'filedOn', code })]);
  });
});
