import { createTestApp, TestApp } from '../utils/test-app';
import { uploadRequiredDocuments } from '../utils/filing-documents';
import { institutionBody } from './helpers';

type User = Awaited<ReturnType<TestApp['userWithToken']>>;

/**
 * A paper filing (approve with `{ filedOn }`) takes effect on filedOn but is recorded at the approval, after
 * the DRAFT and SUBMITTED rows: it stays in force in every later month until a change recorded after it.
 */
describe('status history: when a change takes effect vs when it was recorded', () => {
  let t: TestApp;
  let admin: User;
  beforeAll(async () => {
    t = await createTestApp({ now: '2026-12-10T10:00:00+08:00' });
    admin = await t.userWithToken('admin');
  });
  afterAll(() => t.close());

  const filed = async (id: string, month: string) =>
    ((await t.http().get(`/api/v1/institutions/${id}/eligibility?month=${month}`).set(admin.auth).expect(200)).body as { filed: boolean })
      .filed;

  it('a paper filing dated 2025-10-01 approved in 2026-12 counts as filed in 2026-12, 2027-01 and later', async () => {
    const created = await t.http().post('/api/v1/institutions').set(admin.auth).send(institutionBody()).expect(201);
    const id = created.body.id as string;
    await uploadRequiredDocuments(t, admin.auth, id);
    await t.http().post(`/api/v1/institutions/${id}/submit`).set(admin.auth).expect(200);
    await t.http().post(`/api/v1/institutions/${id}/approve`).set(admin.auth).send({ filedOn: '2025-10-01' }).expect(200);

    expect(await filed(id, '2025-09')).toBe(false);
    for (const month of ['2025-10', '2026-06', '2026-12']) expect(await filed(id, month)).toBe(true);

    t.clock.setShanghai('2027-01', 15);
    expect(await filed(id, '2027-01')).toBe(true);
    t.clock.setShanghai('2027-03', 2);
    expect(await filed(id, '2027-02')).toBe(true);

    // a change recorded after the filing ends it from when it takes effect
    await t.http().post(`/api/v1/institutions/${id}/suspend`).set(admin.auth).send({ reason: '停业整顿' }).expect(200);
    expect(await filed(id, '2027-03')).toBe(true); // filed at the start of the month
    t.clock.setShanghai('2027-04', 20);
    expect(await filed(id, '2027-04')).toBe(false);

    // the history is in the order things were recorded
    const history = await t.http().get(`/api/v1/institutions/${id}/history`).set(admin.auth).expect(200);
    expect((history.body.statusChanges as { toStatus: string }[]).map((c) => c.toStatus)).toEqual([
      'DRAFT',
      'SUBMITTED',
      'FILED',
      'SUSPENDED',
    ]);
  });
});
