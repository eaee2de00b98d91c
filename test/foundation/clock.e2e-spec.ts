import { createFiledInstitution } from '../utils/factories';
import { createTestApp, TestApp } from '../utils/test-app';

/** Domain code takes "now" from the injected clock, so tests can move months forward. */
describe('the injected clock', () => {
  let t: TestApp;
  let admin: { auth: { Authorization: string } };

  beforeAll(async () => {
    t = await createTestApp({ now: '2030-03-15T10:00:00+08:00' });
    admin = await t.userWithToken('admin');
  });
  afterAll(() => t.close());

  it('decides which month is over', async () => {
    const current = await t.http().post('/api/v1/settlements').set(admin.auth).send({ month: '2030-03' });
    expect(current.status).toBe(422);
    expect(current.body.details[0].code).toBe('MONTH_NOT_OVER');

    t.clock.setShanghai('2030-04', 1, 0);
    const settled = await t.http().post('/api/v1/settlements').set(admin.auth).send({ month: '2030-03' });
    expect(settled.status).toBe(202);
  });

  it('decides what "today" is for dates that may not lie in the future', async () => {
    const institution = await createFiledInstitution(t.prisma);
    t.clock.setShanghai('2030-05', 10);
    const tomorrow = await t.http().post(`/api/v1/institutions/${institution.id}/inspections`).set(admin.auth).send({
      kind: 'SAFETY',
      result: 'PASSED',
      inspectedOn: '2030-05-11',
    });
    expect(tomorrow.status).toBe(422);
    expect(tomorrow.body.details[0].code).toBe('DATE_IN_FUTURE');
    const today = await t.http().post(`/api/v1/institutions/${institution.id}/inspections`).set(admin.auth).send({
      kind: 'SAFETY',
      result: 'PASSED',
      inspectedOn: '2030-05-10',
    });
    expect(today.status).toBe(201);
  });
});
