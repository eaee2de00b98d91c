import { randomUUID } from 'node:crypto';
import { createFiledInstitution, createInstitution } from '../utils/factories';
import { createTestApp, TestApp } from '../utils/test-app';

type User = Awaited<ReturnType<TestApp['userWithToken']>>;

describe('public disclosure, townships and capacity statistics', () => {
  let t: TestApp;
  let admin: User;
  // township codes of this file only: other test files share the database
  const tag = randomUUID().slice(0, 8);
  const A = `PA${tag}`;
  const B = `PB${tag}`;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.userWithToken('admin');
  });
  afterAll(() => t.close());

  describe('GET /public/institutions', () => {
    it('lists FILED institutions only, with exactly the public fields, without sign-in, cacheable', async () => {
      const filed = await createFiledInstitution(t.prisma, {
        inclusiveFrom: '2024-01',
        guidancePriceFen: 98000,
        data: { township: A, kind: 'PUBLIC', creditRating: 'A' },
      });
      await createInstitution(t.prisma, { township: A, status: 'SUBMITTED' });
      await createFiledInstitution(t.prisma, { inclusiveFrom: null, data: { township: A, status: 'SUSPENDED' } });

      const res = await t.http().get(`/api/v1/public/institutions?township=${A}`);
      expect(res.status).toBe(200);
      expect(res.headers['cache-control']).toBe('public, max-age=300');
      expect(res.body).toMatchObject({ total: 1, page: 1 });
      expect(res.body.items).toEqual([
        {
          name: filed.name,
          kind: 'PUBLIC',
          address: filed.address,
          township: A,
          approvedSlots: 100,
          inclusive: true,
          guidancePriceFen: 98000,
          filingNumber: filed.filingNumber,
          creditRating: 'A',
        },
      ]);
      expect(JSON.stringify(res.body)).not.toContain(filed.bankAccountNumber);
      expect(JSON.stringify(res.body)).not.toContain(filed.creditCode);
    });

    it('filters by kind and validates the query', async () => {
      await createFiledInstitution(t.prisma, { data: { township: B, kind: 'COMMUNITY' } });
      await createFiledInstitution(t.prisma, { data: { township: B, kind: 'EMPLOYER' } });
      const res = await t.http().get(`/api/v1/public/institutions?township=${B}&kind=EMPLOYER`).expect(200);
      expect(res.body.items.map((i: { kind: string }) => i.kind)).toEqual(['EMPLOYER']);
      expect((await t.http().get('/api/v1/public/institutions?kind=CASTLE')).status).toBe(422);
    });

    it('filters by the inclusive designation in force this month, paging the filtered list', async () => {
      const C = `PC${tag}`;
      const inclusive = await Promise.all(
        [1, 2, 3].map(() => createFiledInstitution(t.prisma, { inclusiveFrom: '2024-01', data: { township: C } })),
      );
      const plain = await createFiledInstitution(t.prisma, { inclusiveFrom: null, data: { township: C } });
      const ended = await createFiledInstitution(t.prisma, { inclusiveFrom: '2024-01', data: { township: C } });
      await t.prisma.inclusiveDesignation.create({ data: { institutionId: ended.id, inclusive: false, effectiveFrom: '2024-06' } });

      const yes = await t.http().get(`/api/v1/public/institutions?township=${C}&inclusive=true&pageSize=2`).expect(200);
      expect(yes.body).toMatchObject({ total: 3, page: 1, pageSize: 2 });
      expect(yes.body.items).toHaveLength(2);
      const second = await t.http().get(`/api/v1/public/institutions?township=${C}&inclusive=true&pageSize=2&page=2`).expect(200);
      const names = [...yes.body.items, ...second.body.items].map((i: { name: string }) => i.name).sort();
      expect(names).toEqual(inclusive.map((i) => i.name).sort());
      const no = await t.http().get(`/api/v1/public/institutions?township=${C}&inclusive=false`).expect(200);
      expect(no.body.items.map((i: { name: string; inclusive: boolean }) => [i.name, i.inclusive]).sort()).toEqual(
        [plain.name, ended.name].sort().map((name) => [name, false]),
      );
      expect((await t.http().get('/api/v1/public/institutions?inclusive=maybe')).status).toBe(422);
    });
  });

  describe('GET /public/townships', () => {
    it('lists code and name of every township without sign-in, and nothing else', async () => {
      const code = `PT${tag}`;
      await t.http().put(`/api/v1/townships/${code}`).set(admin.auth).send({ name: '公示镇', population: 12345 }).expect(200);
      const res = await t.http().get('/api/v1/public/townships').expect(200);
      expect(res.headers['cache-control']).toBe('public, max-age=300');
      expect(res.body.items).toContainEqual({ code, name: '公示镇' });
      expect(JSON.stringify(res.body)).not.toContain('12345');
    });
  });

  describe('townships', () => {
    it('are created and replaced by admins, audited, and listed to staff', async () => {
      const code = `TW${tag}`;
      const created = await t.http().put(`/api/v1/townships/${code}`).set(admin.auth).send({ name: '振兴街道', population: 50000 });
      expect(created.status).toBe(200);
      expect(created.body).toMatchObject({ code, name: '振兴街道', population: 50000 });
      await t.http().put(`/api/v1/townships/${code}`).set(admin.auth).send({ name: '振兴街道', population: 52000 }).expect(200);
      const audit = await t.prisma.auditLog.findMany({ where: { entityType: 'Township', entityId: code }, orderBy: { id: 'asc' } });
      expect(audit.map((a) => a.action)).toEqual(['TOWNSHIP_CREATED', 'TOWNSHIP_UPDATED']);

      const finance = await t.userWithToken('finance');
      const list = await t.http().get('/api/v1/townships?pageSize=200').set(finance.auth).expect(200);
      expect(list.body.items).toContainEqual(expect.objectContaining({ code, population: 52000 }));
      expect((await t.http().put(`/api/v1/townships/${code}`).set(finance.auth).send({ name: 'x', population: 1 })).status).toBe(403);
      expect((await t.http().put(`/api/v1/townships/${code}`).set(admin.auth).send({ name: 'x', population: 0 })).status).toBe(422);
      expect((await t.http().put(`/api/v1/townships/bad%20code`).set(admin.auth).send({ name: 'x', population: 1 })).status).toBe(422);
    });
  });

  describe('GET /stats/capacity', () => {
    it('computes slots per 1,000 against the target of 5 per township, inclusive share, and the district total', async () => {
      const north = `CN${tag}`;
      const south = `CS${tag}`;
      await t.http().put(`/api/v1/townships/${north}`).set(admin.auth).send({ name: '北镇', population: 30000 }).expect(200);
      await t.http().put(`/api/v1/townships/${south}`).set(admin.auth).send({ name: '南镇', population: 20000 }).expect(200);
      // north: 150 filed slots (90 inclusive now) → 5.00 per 1,000, meets the target
      await createFiledInstitution(t.prisma, { inclusiveFrom: '2024-01', data: { township: north, approvedSlots: 90 } });
      await createFiledInstitution(t.prisma, { inclusiveFrom: null, data: { township: north, approvedSlots: 60 } });
      // not FILED: not counted
      await createInstitution(t.prisma, { township: north, approvedSlots: 500, status: 'SUBMITTED' });
      await createFiledInstitution(t.prisma, { data: { township: north, approvedSlots: 700, status: 'SUSPENDED' } });
      // south: 33 slots → 1.65 per 1,000; its designation ended, so not inclusive now
      const south1 = await createFiledInstitution(t.prisma, { inclusiveFrom: '2024-01', data: { township: south, approvedSlots: 33 } });
      await t.prisma.inclusiveDesignation.create({ data: { institutionId: south1.id, effectiveFrom: '2025-01', inclusive: false } });

      for (const role of ['admin', 'finance', 'auditor'] as const) {
        const user = role === 'admin' ? admin : await t.userWithToken(role);
        const res = await t.http().get('/api/v1/stats/capacity').set(user.auth);
        expect(res.status).toBe(200);
        expect(res.body.targetPer1000).toBe(5);
        const rows = res.body.townships as { code: string }[];
        expect(rows.find((r) => r.code === north)).toEqual({
          code: north,
          name: '北镇',
          population: 30000,
          institutions: 2,
          approvedSlots: 150,
          slotsPer1000: 5,
          meetsTarget: true,
          inclusiveSlots: 90,
          inclusiveShare: 0.6,
        });
        expect(rows.find((r) => r.code === south)).toEqual({
          code: south,
          name: '南镇',
          population: 20000,
          institutions: 1,
          approvedSlots: 33,
          slotsPer1000: 1.65,
          meetsTarget: false,
          inclusiveSlots: 0,
          inclusiveShare: 0,
        });
        // the district row covers every township and every FILED institution (other tests add theirs too)
        const district = res.body.district;
        const sum = (key: 'approvedSlots' | 'population' | 'inclusiveSlots') =>
          (res.body.townships as Record<string, number>[]).reduce((s, r) => s + r[key], 0);
        expect(district.population).toBe(sum('population'));
        expect(district.approvedSlots).toBe(sum('approvedSlots') + res.body.unassigned.approvedSlots);
        expect(district.inclusiveSlots).toBe(sum('inclusiveSlots') + res.body.unassigned.inclusiveSlots);
        expect(district.slotsPer1000).toBe(Math.round((district.approvedSlots * 100000) / district.population) / 100);
        expect(district.meetsTarget).toBe(district.approvedSlots * 1000 >= 5 * district.population);
      }
    });

    it('is not open to operators', async () => {
      const inst = await createInstitution(t.prisma);
      const operator = await t.userWithToken('operator', inst.id);
      expect((await t.http().get('/api/v1/stats/capacity').set(operator.auth)).status).toBe(403);
    });
  });
});
