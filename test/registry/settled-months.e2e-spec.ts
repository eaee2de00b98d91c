import { uploadRequiredDocuments } from '../utils/filing-documents';
import { shanghaiMonthOf } from '../../src/common/month';
import { createFiledInstitution } from '../utils/factories';
import { createTestApp, TestApp } from '../utils/test-app';
import { auditActions, institutionBody } from './helpers';

type User = Awaited<ReturnType<TestApp['userWithToken']>>;

/**
 * A month whose settlement is APPROVED or PAID keeps its eligibility answers, and so does every month before it
 * (a month without a settlement of its own was paid as corrections of a later one): neither an inclusive
 * designation nor a historic filing date may change them (409 MONTH_LOCKED). The settlement rows are written
 * straight to this file's own database: 2014-05 and 2015-05 approved, 2014-09 paid.
 */
describe('settled months are locked for the registry', () => {
  let t: TestApp;
  let admin: User;

  const settle = (month: string, status: 'APPROVED' | 'PAID') =>
    t.prisma.settlement.upsert({ where: { month }, create: { month, status }, update: { status } });
  const designate = (id: string, body: object) => t.http().post(`/api/v1/institutions/${id}/inclusive`).set(admin.auth).send(body);
  const eligibility = async (id: string, month: string) =>
    (await t.http().get(`/api/v1/institutions/${id}/eligibility?month=${month}`).set(admin.auth).expect(200)).body as {
      filed: boolean;
      inclusive: boolean;
      guidancePriceFen: number | null;
      eligible: boolean;
    };

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.userWithToken('admin');
    await settle('2014-05', 'APPROVED');
    await settle('2014-09', 'PAID');
    await settle('2015-05', 'APPROVED');
  });
  afterAll(() => t.close());

  describe('inclusive designation', () => {
    it('refuses designating or ending from a month that would change a settled month the institution was filed in', async () => {
      // filed since January 2014, inclusive from 2014-06 (so a change from 2014-04 governs 2014-04 and 2014-05)
      const x = await createFiledInstitution(t.prisma, { filedAt: new Date('2014-01-01T00:00:00Z'), inclusiveFrom: '2014-06' });
      const before = await eligibility(x.id, '2014-05');
      expect(before).toMatchObject({ filed: true, inclusive: false, eligible: false });

      const designated = await designate(x.id, { guidancePriceFen: 100000, effectiveFrom: '2014-04' }).expect(409);
      expect(designated.body.code).toBe('MONTH_LOCKED');
      expect(designated.body.message).toMatch(/^2014-05 的结算已审核，不能再更改/);
      const ended = await designate(x.id, { inclusive: false, effectiveFrom: '2014-05' }).expect(409);
      expect(ended.body.code).toBe('MONTH_LOCKED');
      expect(ended.body.message).toContain('2014-05');
      // a PAID month is locked as well: ending from 2014-08 would change 2014-09 (and every month up to 2015-05)
      expect((await designate(x.id, { inclusive: false, effectiveFrom: '2014-08' }).expect(409)).body.code).toBe('MONTH_LOCKED');

      expect(await eligibility(x.id, '2014-05')).toEqual(before);
      expect(await t.prisma.inclusiveDesignation.count({ where: { institutionId: x.id } })).toBe(1);
      expect((await auditActions(t, x.id)).filter((a) => a.startsWith('INCLUSIVE_'))).toEqual([]);

      // after the latest approved month it is accepted
      await designate(x.id, { guidancePriceFen: 100000, effectiveFrom: '2015-06' }).expect(200);
      expect(await eligibility(x.id, '2015-06')).toMatchObject({ inclusive: true, guidancePriceFen: 100000, eligible: true });
      expect(await eligibility(x.id, '2014-05')).toEqual(before);
    });

    it('refuses a change for a skipped month: one without a settlement of its own, before an approved month', async () => {
      // 2014-10 never had a settlement; 2015-05 was approved after it, so 2014-10 is history (paid as corrections)
      const z = await createFiledInstitution(t.prisma, { filedAt: new Date('2014-01-01T00:00:00Z'), inclusiveFrom: '2014-11' });
      const before = await eligibility(z.id, '2014-10');
      const res = await designate(z.id, { guidancePriceFen: 100000, effectiveFrom: '2014-10' }).expect(409);
      expect(res.body).toMatchObject({ code: 'MONTH_LOCKED' });
      expect(res.body.message).toMatch(/^2014-10 之后的 2015-05 结算已审核，2014-10 已成为历史月份，不能再更改/);
      const ended = await designate(z.id, { inclusive: false, effectiveFrom: '2014-10' }).expect(409);
      expect(ended.body.code).toBe('MONTH_LOCKED');
      expect(await eligibility(z.id, '2014-10')).toEqual(before);
      expect(await t.prisma.inclusiveDesignation.count({ where: { institutionId: z.id } })).toBe(1);
    });

    it('allows a change for settled months in which the institution was not filed (it was not eligible either way)', async () => {
      const y = await createFiledInstitution(t.prisma, { filedAt: new Date('2015-06-15T00:00:00Z'), inclusiveFrom: '2015-07' });
      await designate(y.id, { guidancePriceFen: 90000, effectiveFrom: '2014-04' }).expect(200);
      expect(await eligibility(y.id, '2014-05')).toMatchObject({ filed: false, inclusive: true, eligible: false });
      expect(await eligibility(y.id, '2014-10')).toMatchObject({ filed: false, inclusive: true, eligible: false });
    });
  });

  describe('historic filing date (approve { filedOn })', () => {
    const submitted = async () => {
      const created = await t.http().post('/api/v1/institutions').set(admin.auth).send(institutionBody()).expect(201);
      await uploadRequiredDocuments(t, admin.auth, created.body.id);
      await t.http().post(`/api/v1/institutions/${created.body.id}/submit`).set(admin.auth).expect(200);
      return created.body.id as string;
    };
    const approve = (id: string, body: object) => t.http().post(`/api/v1/institutions/${id}/approve`).set(admin.auth).send(body);

    it('dates the filing at 00:00 Asia/Shanghai of filedOn, so earlier unsettled months can be paid', async () => {
      const id = await submitted();
      const res = await approve(id, { filedOn: '2025-10-01' }).expect(200);
      const approvalYear = shanghaiMonthOf(new Date()).slice(0, 4);
      expect(res.body).toMatchObject({ status: 'FILED' });
      expect(res.body.filingNumber).toMatch(new RegExp(`^茌托备〔${approvalYear}〕\\d{4,}号$`));
      const row = await t.prisma.institution.findUniqueOrThrow({ where: { id } });
      expect(row.filedAt?.toISOString()).toBe('2025-09-30T16:00:00.000Z');

      expect((await eligibility(id, '2025-09')).filed).toBe(false);
      expect((await eligibility(id, '2025-10')).filed).toBe(true);
      expect((await eligibility(id, '2026-01')).filed).toBe(true);

      const filed = await t.prisma.institutionStatusChange.findFirstOrThrow({ where: { institutionId: id, toStatus: 'FILED' } });
      expect(filed).toMatchObject({ fromStatus: 'SUBMITTED', actorId: admin.id });
      expect(filed.at.toISOString()).toBe('2025-09-30T16:00:00.000Z');
      const audit = await t.prisma.auditLog.findFirstOrThrow({ where: { entityId: id, action: 'INSTITUTION_FILED' } });
      expect(audit.after).toMatchObject({ filedOn: '2025-10-01', filedAt: '2025-09-30T16:00:00.000Z', status: 'FILED' });
    });

    it('refuses a filedOn in or before a settled month (409 MONTH_LOCKED), an invalid or future date (422)', async () => {
      const id = await submitted();
      for (const filedOn of ['2015-05-31', '2015-04-01']) {
        const res = await approve(id, { filedOn }).expect(409);
        expect(res.body.code).toBe('MONTH_LOCKED');
        expect(res.body.message).toMatch(/^\d{4}-\d{2} 的结算已审核，不能再更改/);
      }
      const invalid = await approve(id, { filedOn: '2025-02-29' }).expect(422);
      expect(invalid.body.details).toEqual([expect.objectContaining({ field: 'filedOn', code: 'DATE_INVALID' })]);
      const future = await approve(id, { filedOn: `${Number(shanghaiMonthOf(new Date()).slice(0, 4)) + 1}-01-01` }).expect(422);
      expect(future.body.details).toEqual([expect.objectContaining({ field: 'filedOn', code: 'DATE_IN_FUTURE' })]);

      const row = await t.prisma.institution.findUniqueOrThrow({ where: { id } });
      expect(row).toMatchObject({ status: 'SUBMITTED', filingNumber: null, filedAt: null });
      expect(await auditActions(t, id)).not.toContain('INSTITUTION_FILED');
    });
  });
});
