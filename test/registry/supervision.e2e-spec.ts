import { createFiledInstitution } from '../utils/factories';
import { createTestApp, TestApp } from '../utils/test-app';
import { auditActions } from './helpers';

type User = Awaited<ReturnType<TestApp['userWithToken']>>;

describe('supervision: inspections and credit ratings', () => {
  let t: TestApp;
  let admin: User;
  let finance: User;
  let auditor: User;
  let operator: User;
  let id: string;
  let otherId: string;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.userWithToken('admin');
    finance = await t.userWithToken('finance');
    auditor = await t.userWithToken('auditor');
    id = (await createFiledInstitution(t.prisma)).id;
    otherId = (await createFiledInstitution(t.prisma)).id;
    operator = await t.userWithToken('operator', id);
  });
  afterAll(() => t.close());

  it('records inspections (admin) and lists them newest first to every staff role and the own operator', async () => {
    const post = (body: object) => t.http().post(`/api/v1/institutions/${id}/inspections`).set(admin.auth).send(body);
    const fire = await post({ kind: 'FIRE', inspectedOn: '2025-05-10', result: 'RECTIFICATION_REQUIRED', findings: '灭火器过期2具' });
    expect(fire.status).toBe(201);
    expect(fire.body).toMatchObject({
      institutionId: id,
      kind: 'FIRE',
      inspectedOn: '2025-05-10',
      result: 'RECTIFICATION_REQUIRED',
      findings: '灭火器过期2具',
    });
    await post({ kind: 'SAFETY', inspectedOn: '2025-06-01', result: 'PASSED' }).expect(201);

    for (const user of [admin, finance, auditor, operator]) {
      const list = await t.http().get(`/api/v1/institutions/${id}/inspections`).set(user.auth).expect(200);
      expect(list.body.total).toBe(2);
      expect(list.body.items.map((i: { kind: string }) => i.kind)).toEqual(['SAFETY', 'FIRE']);
    }
    expect((await auditActions(t, id)).filter((a) => a === 'INSPECTION_RECORDED')).toHaveLength(2);
  });

  it('validates inspections', async () => {
    const post = (body: object) => t.http().post(`/api/v1/institutions/${id}/inspections`).set(admin.auth).send(body);
    const bad = await post({ kind: 'NOISE', inspectedOn: '2025-02-30', result: 'OK' });
    expect(bad.status).toBe(422);
    expect(bad.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['inspectedOn', 'kind', 'result']);
    const future = await post({ kind: 'HYGIENE', inspectedOn: '2999-01-01', result: 'PASSED' });
    expect(future.status).toBe(422);
    expect(future.body.details[0]).toMatchObject({ field: 'inspectedOn', code: 'DATE_IN_FUTURE' });
    expect(
      (
        await t
          .http()
          .post(`/api/v1/institutions/00000000-0000-4000-8000-000000000000/inspections`)
          .set(admin.auth)
          .send({ kind: 'SERVICE', inspectedOn: '2025-01-01', result: 'PASSED' })
      ).status,
    ).toBe(404);
  });

  it('keeps writes to admins and reads of other institutions away from operators', async () => {
    const body = { kind: 'SERVICE', inspectedOn: '2025-01-01', result: 'PASSED' };
    for (const user of [finance, auditor, operator]) {
      expect((await t.http().post(`/api/v1/institutions/${id}/inspections`).set(user.auth).send(body)).status).toBe(403);
      expect(
        (await t.http().post(`/api/v1/institutions/${id}/credit-ratings`).set(user.auth).send({ rating: 'A', ratedOn: '2025-01-01' }))
          .status,
      ).toBe(403);
    }
    expect((await t.http().get(`/api/v1/institutions/${otherId}/inspections`).set(operator.auth)).status).toBe(404);
    expect((await t.http().get(`/api/v1/institutions/${otherId}/credit-ratings`).set(operator.auth)).status).toBe(404);
  });

  it('records credit ratings; the institution shows the most recent by date, not the most recently entered', async () => {
    const rate = (body: object) => t.http().post(`/api/v1/institutions/${id}/credit-ratings`).set(admin.auth).send(body);
    expect((await rate({ rating: 'B', ratedOn: '2025-03-01', note: '年度评价' })).status).toBe(201);
    expect((await t.http().get(`/api/v1/institutions/${id}`).set(admin.auth)).body.creditRating).toBe('B');
    await rate({ rating: 'A', ratedOn: '2025-09-01' }).expect(201);
    // a back-dated entry does not replace the newer rating
    await rate({ rating: 'C', ratedOn: '2024-09-01' }).expect(201);
    expect((await t.http().get(`/api/v1/institutions/${id}`).set(operator.auth)).body.creditRating).toBe('A');
    const list = await t.http().get(`/api/v1/institutions/${id}/credit-ratings`).set(auditor.auth).expect(200);
    expect(list.body.items.map((r: { rating: string; ratedOn: string }) => `${r.rating} ${r.ratedOn}`)).toEqual([
      'A 2025-09-01',
      'B 2025-03-01',
      'C 2024-09-01',
    ]);
    expect((await rate({ rating: 'E', ratedOn: '2025-01-01' })).status).toBe(422);
    expect((await auditActions(t, id)).filter((a) => a === 'CREDIT_RATING_RECORDED')).toHaveLength(3);
  });
});
