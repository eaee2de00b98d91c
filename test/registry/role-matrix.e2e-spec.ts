import { createFiledInstitution } from '../utils/factories';
import { createTestApp, TestApp } from '../utils/test-app';
import { auditActions } from './helpers';

type User = Awaited<ReturnType<TestApp['userWithToken']>>;
type Method = 'post' | 'patch' | 'put';

/**
 * Who may write to the registry. Bodies are valid, so a 403 can only come from the role check. Finance and
 * auditors only read; operators edit and submit their own filing, everything else is the bureau's (admin's).
 */
const WRITES: { name: string; method: Method; path: (id: string) => string; body: object; operator: boolean }[] = [
  { name: 'create', method: 'post', path: () => '/api/v1/institutions', body: {}, operator: false },
  { name: 'PATCH', method: 'patch', path: (id) => `/api/v1/institutions/${id}`, body: { address: '振兴路1号' }, operator: true },
  { name: 'submit', method: 'post', path: (id) => `/api/v1/institutions/${id}/submit`, body: {}, operator: true },
  { name: 'approve', method: 'post', path: (id) => `/api/v1/institutions/${id}/approve`, body: {}, operator: false },
  { name: 'return', method: 'post', path: (id) => `/api/v1/institutions/${id}/return`, body: { reason: '材料不全' }, operator: false },
  { name: 'suspend', method: 'post', path: (id) => `/api/v1/institutions/${id}/suspend`, body: { reason: '整改' }, operator: false },
  {
    name: 'reinstate',
    method: 'post',
    path: (id) => `/api/v1/institutions/${id}/reinstate`,
    body: { reason: '复查合格' },
    operator: false,
  },
  {
    name: 'close',
    method: 'post',
    path: (id) => `/api/v1/institutions/${id}/close`,
    body: { reason: '关停', childrenArrangement: '已转入其他托育机构' },
    operator: false,
  },
  {
    name: 'inclusive',
    method: 'post',
    path: (id) => `/api/v1/institutions/${id}/inclusive`,
    body: { guidancePriceFen: 100000, effectiveFrom: '2026-01' },
    operator: false,
  },
  {
    name: 'inspections',
    method: 'post',
    path: (id) => `/api/v1/institutions/${id}/inspections`,
    body: { kind: 'SAFETY', inspectedOn: '2025-01-10', result: 'PASSED' },
    operator: false,
  },
  {
    name: 'credit-ratings',
    method: 'post',
    path: (id) => `/api/v1/institutions/${id}/credit-ratings`,
    body: { rating: 'A', ratedOn: '2025-01-10' },
    operator: false,
  },
  { name: 'townships', method: 'put', path: () => '/api/v1/townships/ROLE01', body: { name: '角色镇', population: 1000 }, operator: false },
];

describe('registry writes: role matrix', () => {
  let t: TestApp;
  let institutionId: string;
  const users: Record<string, User> = {};

  beforeAll(async () => {
    t = await createTestApp();
    institutionId = (await createFiledInstitution(t.prisma)).id;
    users.finance = await t.userWithToken('finance');
    users.auditor = await t.userWithToken('auditor');
    users.operator = await t.userWithToken('operator', institutionId);
  });
  afterAll(() => t.close());

  const cases = [
    ...WRITES.map((w) => ['finance', w] as const),
    ...WRITES.map((w) => ['auditor', w] as const),
    ...WRITES.filter((w) => !w.operator).map((w) => ['operator', w] as const),
  ];

  it.each(cases.map(([role, w]) => [role, w.name, w] as const))('%s gets 403 on %s', async (role, _, w) => {
    const res = await t.http()[w.method](w.path(institutionId)).set(users[role].auth).send(w.body);
    expect(res.status).toBe(403);
  });

  it('changed nothing', async () => {
    const row = await t.prisma.institution.findUniqueOrThrow({ where: { id: institutionId } });
    expect(row.status).toBe('FILED');
    expect(await auditActions(t, institutionId)).toEqual([]);
    expect(await t.prisma.inspection.count({ where: { institutionId } })).toBe(0);
    expect(await t.prisma.township.findUnique({ where: { code: 'ROLE01' } })).toBeNull();
  });
});
