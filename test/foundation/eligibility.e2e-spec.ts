import { EligibilityRepository } from '../../src/registry/eligibility.repository';
import { createFiledInstitution, createInstitution } from '../utils/factories';
import { createTestApp, TestApp } from '../utils/test-app';

describe('institution eligibility for a month', () => {
  let t: TestApp;
  let repo: EligibilityRepository;
  beforeAll(async () => {
    t = await createTestApp();
    repo = t.app.get(EligibilityRepository);
  });
  afterAll(() => t.close());

  it('follows filing, suspension, reinstatement and a changed guidance price', async () => {
    // filed 2025-03-10 (Shanghai), inclusive from 2025-04 at 1000 yuan, 1200 yuan from 2025-08, suspended 2025-06-15, reinstated 2025-08-01
    const inst = await createFiledInstitution(t.prisma, {
      filedAt: new Date('2025-03-10T02:00:00Z'),
      inclusiveFrom: '2025-04',
      guidancePriceFen: 100000,
    });
    await t.prisma.inclusiveDesignation.create({ data: { institutionId: inst.id, effectiveFrom: '2025-08', guidancePriceFen: 120000 } });
    await t.prisma.institutionStatusChange.createMany({
      data: [
        { institutionId: inst.id, fromStatus: 'FILED', toStatus: 'SUSPENDED', at: new Date('2025-06-15T01:00:00Z') },
        // 2025-07-31T16:30Z is 2025-08-01 00:30 in Shanghai: reinstated in August, not July
        { institutionId: inst.id, fromStatus: 'SUSPENDED', toStatus: 'FILED', at: new Date('2025-07-31T16:30:00Z') },
      ],
    });
    const at = async (month: string) => (await repo.forMonth(month, [inst.id])).get(inst.id);

    expect(await at('2025-02')).toMatchObject({ filed: false, eligible: false });
    expect(await at('2025-03')).toMatchObject({ filed: true, inclusive: false, eligible: false });
    expect(await at('2025-04')).toEqual({ filed: true, inclusive: true, guidancePriceFen: 100000, eligible: true });
    expect(await at('2025-06')).toMatchObject({ filed: true, eligible: true });
    expect(await at('2025-07')).toMatchObject({ filed: false, eligible: false });
    expect(await at('2025-08')).toEqual({ filed: true, inclusive: true, guidancePriceFen: 120000, eligible: true });
  });

  it('treats a withdrawn designation and a never-filed institution as not eligible', async () => {
    const inst = await createFiledInstitution(t.prisma, { inclusiveFrom: '2024-01' });
    await t.prisma.inclusiveDesignation.create({ data: { institutionId: inst.id, effectiveFrom: '2025-01', inclusive: false } });
    const draft = await createInstitution(t.prisma);
    const result = await repo.forMonth('2025-02', [inst.id, draft.id]);
    expect(result.get(inst.id)).toMatchObject({ filed: true, inclusive: false, eligible: false });
    expect(result.get(draft.id)).toMatchObject({ filed: false, eligible: false });
    expect((await repo.forMonth('2024-12', [inst.id])).get(inst.id)?.eligible).toBe(true);
  });
});
