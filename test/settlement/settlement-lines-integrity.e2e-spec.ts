import { randomUUID } from 'node:crypto';
import { PiiCipher } from '../../src/infra/crypto/pii-cipher';
import { createChild, createFiledInstitution } from '../utils/factories';
import { createTestApp, TestApp } from '../utils/test-app';

// settlement_lines has no row-level foreign keys (they were most of a settlement's time): one set-based check per
// statement refuses a line naming a settlement, child or institution that does not exist, and a settlement's lines
// are deleted with it, as ON DELETE CASCADE did (docs/performance.md).
describe('settlement lines: references checked per statement instead of per row', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const setUp = async (month: string) => {
    const institution = await createFiledInstitution(t.prisma);
    const child = await createChild(t.prisma, t.app.get(PiiCipher), { birthDate: '2024-06-15' });
    const settlement = await t.prisma.settlement.create({ data: { month, status: 'COMPUTED' } });
    const line = (over: { settlementId?: string; childId?: string; institutionId?: string } = {}) => ({
      settlementId: settlement.id,
      childId: child.id,
      institutionId: institution.id,
      forMonth: month,
      birthOrder: 2,
      amountFen: 30000,
      reason: 'PAID_SECOND_CHILD' as const,
      ...over,
    });
    return { institution, child, settlement, line };
  };

  it('refuses a line whose settlement, child or institution does not exist, and stores none of the statement’s lines', async () => {
    const { settlement, line } = await setUp('2990-01');
    for (const field of ['settlementId', 'childId', 'institutionId'] as const) {
      // one good line and one bad one in the same statement: neither is stored (SQLSTATE 23503, as a foreign key answers)
      await expect(t.prisma.settlementLine.createMany({ data: [line(), line({ [field]: randomUUID() })] })).rejects.toThrow(
        'Foreign key constraint violated',
      );
    }
    expect(await t.prisma.settlementLine.count({ where: { settlementId: settlement.id } })).toBe(0);

    // an update is checked as well
    await t.prisma.settlementLine.createMany({ data: [line()] });
    await expect(
      t.prisma.settlementLine.updateMany({ where: { settlementId: settlement.id }, data: { childId: randomUUID() } }),
    ).rejects.toThrow('Foreign key constraint violated');
    expect(await t.prisma.settlementLine.count({ where: { settlementId: settlement.id } })).toBe(1);
  });

  it('refuses a line whose month is not YYYY-MM (checked per statement over its distinct months), storing none of the statement', async () => {
    const { settlement, line } = await setUp('2990-04');
    for (const forMonth of ['2990-13', '2990-4', '299a-04', '2990-04 ']) {
      await expect(t.prisma.settlementLine.createMany({ data: [line(), { ...line(), forMonth }] })).rejects.toThrow(/23514|not YYYY-MM/);
    }
    expect(await t.prisma.settlementLine.count({ where: { settlementId: settlement.id } })).toBe(0);
    await t.prisma.settlementLine.createMany({ data: [line()] });
    await expect(
      t.prisma.settlementLine.updateMany({ where: { settlementId: settlement.id }, data: { forMonth: '2990-00' } }),
    ).rejects.toThrow(/23514|not YYYY-MM/);
    expect((await t.prisma.settlementLine.findFirstOrThrow({ where: { settlementId: settlement.id } })).forMonth).toBe('2990-04');
  });

  it('deletes a settlement’s lines with it, and only its own', async () => {
    const a = await setUp('2990-02');
    const b = await setUp('2990-03');
    await t.prisma.settlementLine.createMany({ data: [a.line(), b.line()] });
    await t.prisma.settlement.delete({ where: { id: a.settlement.id } });
    expect(await t.prisma.settlementLine.count({ where: { settlementId: a.settlement.id } })).toBe(0);
    expect(await t.prisma.settlementLine.count({ where: { settlementId: b.settlement.id } })).toBe(1);
  });
});
