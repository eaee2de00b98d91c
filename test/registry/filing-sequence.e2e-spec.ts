import { PrismaService } from '../../src/infra/database/prisma.service';
import { InstitutionsRepository } from '../../src/registry/institutions.repository';
import { createTestApp, TestApp } from '../utils/test-app';

describe('filing sequence', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  // A year no approval uses, so the numbers seen here are exactly the ones handed out here.
  const YEAR = 2999;

  it('hands out consecutive numbers to concurrent transactions, and takes back the number of a rolled-back one', async () => {
    const repo = t.app.get(InstitutionsRepository);
    const prisma = t.app.get(PrismaService);
    await prisma.filingSequence.deleteMany({ where: { year: YEAR } });
    const numbers = await Promise.all(Array.from({ length: 10 }, () => prisma.$transaction((tx) => repo.nextFilingSequence(tx, YEAR))));
    expect([...numbers].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);

    await expect(
      prisma.$transaction(async (tx) => {
        expect(await repo.nextFilingSequence(tx, YEAR)).toBe(11);
        throw new Error('approval failed after taking a number');
      }),
    ).rejects.toThrow('approval failed');
    expect(await prisma.$transaction((tx) => repo.nextFilingSequence(tx, YEAR))).toBe(11);
  });
});
