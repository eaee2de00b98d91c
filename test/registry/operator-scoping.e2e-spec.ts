import { uploadRequiredDocuments } from '../utils/filing-documents';
import { createFiledInstitution, createInstitution } from '../utils/factories';
import { FIELD_LABELS } from '../../src/common/i18n/field-labels';
import { createTestApp, TestApp } from '../utils/test-app';
import { auditActions } from './helpers';

type User = Awaited<ReturnType<TestApp['userWithToken']>>;

describe('operators reach only their own institution', () => {
  let t: TestApp;
  let admin: User;
  let operator: User;
  let ownId: string;
  let otherId: string;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.userWithToken('admin');
    ownId = (await createInstitution(t.prisma)).id;
    otherId = (await createInstitution(t.prisma)).id;
    operator = await t.userWithToken('operator', ownId);
  });
  afterAll(() => t.close());

  it('lists only their own institution, even with filters', async () => {
    const res = await t.http().get('/api/v1/institutions?pageSize=200').set(operator.auth).expect(200);
    expect(res.body.total).toBe(1);
    expect(res.body.items.map((i: { id: string }) => i.id)).toEqual([ownId]);
    const all = await t.http().get('/api/v1/institutions?pageSize=200&status=DRAFT').set(admin.auth).expect(200);
    expect(all.body.total).toBeGreaterThanOrEqual(2);
  });

  it.each([
    ['GET', ''],
    ['GET', '/history'],
    ['GET', '/eligibility?month=2025-01'],
    ['GET', '/inspections'],
    ['GET', '/credit-ratings'],
    ['PATCH', ''],
    ['POST', '/submit'],
  ])("answers 404 for another institution's %s %s", async (method, path) => {
    const url = `/api/v1/institutions/${otherId}${path}`;
    const req =
      method === 'GET' ? t.http().get(url) : method === 'PATCH' ? t.http().patch(url).send({ name: '改名' }) : t.http().post(url).send({});
    const res = await req.set(operator.auth);
    expect(res.status).toBe(404);
    expect(res.body.message).not.toContain(otherId);
  });

  it('refuses admin-only actions with 403', async () => {
    for (const path of ['approve', 'suspend', 'inclusive', 'inspections', 'credit-ratings']) {
      expect((await t.http().post(`/api/v1/institutions/${ownId}/${path}`).set(operator.auth).send({})).status).toBe(403);
    }
    expect((await t.http().post('/api/v1/institutions').set(operator.auth).send({})).status).toBe(403);
  });

  it('lets the operator edit operator fields while DRAFT, audited', async () => {
    const res = await t
      .http()
      .patch(`/api/v1/institutions/${ownId}`)
      .set(operator.auth)
      .send({
        name: '阳光托育园',
        address: '新华路1号',
        township: 'REG02',
        kind: 'COMMUNITY',
        independent: true,
        bankAccount: { bankName: '茌平农商银行', accountName: '阳光托育园', accountNumber: '9100123412341234' },
      });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      name: '阳光托育园',
      township: 'REG02',
      kind: 'COMMUNITY',
      independent: true,
      bankAccount: { bankName: '茌平农商银行', accountName: '阳光托育园', accountNumber: '9100123412341234' },
    });
    expect(await auditActions(t, ownId)).toContain('INSTITUTION_UPDATED');
  });

  it.each([
    ['approvedSlots', 500],
    ['creditCode', '91110000802100433B'],
    ['districtLevel', true],
    ['status', 'FILED'],
    ['filingNumber', '茌托备〔2026〕9999号'],
    ['inclusive', true],
    ['guidancePriceFen', 1],
  ])('refuses the forbidden field %s with 400 FIELD_NOT_ALLOWED', async (field, value) => {
    const before = await t.prisma.institution.findUniqueOrThrow({ where: { id: ownId } });
    const res = await t
      .http()
      .patch(`/api/v1/institutions/${ownId}`)
      .set(operator.auth)
      .send({ name: '不应保存', [field]: value });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('FIELD_NOT_ALLOWED');
    expect(res.body.message).toContain(`不允许修改：“${FIELD_LABELS[field]}”`);
    expect(res.body.details).toEqual([expect.objectContaining({ field, code: 'FIELD_NOT_ALLOWED' })]);
    expect(await t.prisma.institution.findUniqueOrThrow({ where: { id: ownId } })).toEqual(before);
  });

  it('refuses workflow fields to admins too, but lets them edit bureau fields in any state', async () => {
    const filed = await createFiledInstitution(t.prisma);
    const refused = await t.http().patch(`/api/v1/institutions/${filed.id}`).set(admin.auth).send({ status: 'DRAFT' });
    expect(refused.status).toBe(400);
    expect(refused.body.code).toBe('FIELD_NOT_ALLOWED');
    const ok = await t.http().patch(`/api/v1/institutions/${filed.id}`).set(admin.auth).send({ approvedSlots: 150, districtLevel: true });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ approvedSlots: 150, districtLevel: true, status: 'FILED' });
  });

  it('lets the operator submit, then not edit until returned', async () => {
    const inst = await createInstitution(t.prisma);
    const op = await t.userWithToken('operator', inst.id);
    await uploadRequiredDocuments(t, op.auth, inst.id);
    const submitted = await t.http().post(`/api/v1/institutions/${inst.id}/submit`).set(op.auth).send({});
    expect(submitted.status).toBe(200);
    const locked = await t.http().patch(`/api/v1/institutions/${inst.id}`).set(op.auth).send({ address: '新地址' });
    expect(locked.status).toBe(409);
    expect(locked.body.code).toBe('INSTITUTION_NOT_EDITABLE');
    expect(locked.body.message).toContain('机构当前为“已提交待审核”');
    await t.http().post(`/api/v1/institutions/${inst.id}/return`).set(admin.auth).send({ reason: '地址有误' }).expect(200);
    const mine = await t.http().get(`/api/v1/institutions/${inst.id}`).set(op.auth).expect(200);
    expect(mine.body).toMatchObject({ status: 'RETURNED', statusReason: '地址有误' });
    await t.http().patch(`/api/v1/institutions/${inst.id}`).set(op.auth).send({ address: '新地址' }).expect(200);
    await t.http().post(`/api/v1/institutions/${inst.id}/submit`).set(op.auth).send({}).expect(200);
  });
});
