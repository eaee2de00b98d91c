import { parse } from 'csv-parse/sync';
import { PiiCipher } from '../../src/infra/crypto/pii-cipher';
import { createChild } from '../utils/factories';
import { createTestApp, TestApp } from '../utils/test-app';
import { createInstitution, createSettlement, freshMonth } from './finance-fixtures';

type User = Awaited<ReturnType<TestApp['userWithToken']>>;
const YEARS: [number, number] = [2800, 2900];

/** Who may download the lines, the reconciliation and the audit log, what each role sees, and that each download is audited. */
describe('report downloads: lines, reconciliation, audit log', () => {
  let t: TestApp;
  let finance: User;
  let auditor: User;
  let operator: User;
  let settlementId: string;
  let own: { id: string; creditCode: string };
  let other: { id: string; creditCode: string };

  beforeAll(async () => {
    t = await createTestApp();
    own = await createInstitution(t.prisma);
    other = await createInstitution(t.prisma);
    [finance, auditor, operator] = [
      await t.userWithToken('finance'),
      await t.userWithToken('auditor'),
      await t.userWithToken('operator', own.id),
    ];
    const month = freshMonth(YEARS);
    settlementId = (
      await createSettlement(t.prisma, month, 'APPROVED', [
        { institutionId: own.id, second: 1 },
        { institutionId: other.id, second: 1 },
      ])
    ).id;
    const cipher = t.app.get(PiiCipher);
    for (const institution of [own, other]) {
      const child = await createChild(t.prisma, cipher, { birthDate: '2024-06-15' });
      await t.prisma.settlementLine.create({
        data: {
          settlementId,
          childId: child.id,
          institutionId: institution.id,
          forMonth: month,
          birthOrder: 2,
          amountFen: 30000,
          reason: 'PAID_SECOND_CHILD',
        },
      });
    }
  });
  afterAll(() => t.close());

  const csv = async (path: string, user: User) => {
    const res = await t.http().get(path).set(user.auth).responseType('blob');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    return parse((res.body as Buffer).toString('utf8').slice(1), { relax_column_count: true }) as string[][];
  };
  // an all-digit credit code is written ="…" (kept as text by spreadsheet programs)
  const codes = (rows: string[][]) =>
    rows.map((r) => r[1]?.replace(/^="(.*)"$/, '$1')).filter((c) => [own.creditCode, other.creditCode].includes(c));

  it('lines: every institution for finance and auditor, only their own for an operator; a filter by reason', async () => {
    const path = `/api/v1/settlements/${settlementId}/lines/export?format=csv`;
    expect(codes(await csv(path, auditor)).sort()).toEqual([own.creditCode, other.creditCode].sort());
    expect(codes(await csv(path, operator))).toEqual([own.creditCode]);
    expect(codes(await csv(`${path}&reason=FIRST_CHILD`, finance))).toEqual([]);
    const scoped = await t.http().get(`${path}&institutionId=${other.id}`).set(operator.auth);
    expect(scoped.status).toBe(404);
  });

  it('reconciliation: an operator sees their own part; a month not yet approved → 409; the download never moves the month on', async () => {
    const path = `/api/v1/settlements/${settlementId}/reconciliation/export?format=csv`;
    expect(codes(await csv(path, operator))).toEqual([own.creditCode]);
    const published = await createSettlement(t.prisma, freshMonth(YEARS), 'PUBLISHED', [{ institutionId: own.id, second: 1 }]);
    const refused = await t.http().get(`/api/v1/settlements/${published.id}/reconciliation/export`).set(finance.auth);
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('SETTLEMENT_NOT_APPROVED');

    // everything matches (nothing owed): a read still leaves it APPROVED
    const empty = await createSettlement(t.prisma, freshMonth(YEARS), 'APPROVED', [{ institutionId: own.id }]);
    await csv(`/api/v1/settlements/${empty.id}/reconciliation/export?format=csv`, finance);
    expect((await t.prisma.settlement.findUniqueOrThrow({ where: { id: empty.id } })).status).toBe('APPROVED');
  });

  it('audit log: admin and auditor only; filters apply', async () => {
    for (const user of [finance, operator]) expect((await t.http().get('/api/v1/audit-logs/export').set(user.auth)).status).toBe(403);
    const rows = await csv('/api/v1/audit-logs/export?format=csv&action=EXPORT_GENERATED', auditor);
    const entries = rows.slice(rows.findIndex((r) => r[0] === '序号') + 1);
    expect(entries.length).toBeGreaterThan(0);
    expect(new Set(entries.map((r) => r[3]))).toEqual(new Set(['EXPORT_GENERATED']));
  });

  it('every download is audited under the one who made it', async () => {
    const before = await t.prisma.auditLog.count({ where: { action: 'EXPORT_GENERATED' } });
    await csv(`/api/v1/settlements/${settlementId}/lines/export?format=csv`, finance);
    await csv(`/api/v1/settlements/${settlementId}/reconciliation/export?format=csv`, finance);
    await csv('/api/v1/audit-logs/export?format=csv', auditor);
    const entries = await t.prisma.auditLog.findMany({ where: { action: 'EXPORT_GENERATED' }, orderBy: { id: 'asc' }, skip: before });
    expect(entries.map((e) => [e.actorId, (e.after as { file: string }).file, (e.after as { format: string }).format])).toEqual([
      [finance.id, 'SettlementLines', 'csv'],
      [finance.id, 'Reconciliation', 'csv'],
      [auditor.id, 'AuditLog', 'csv'],
    ]);
  });
});
