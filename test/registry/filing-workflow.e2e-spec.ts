import { FILING_ACTIONS, FilingAction } from '../../src/registry/filing-workflow';
import { statusWord } from '../../src/common/i18n/status-words';
import { shanghaiMonthOf } from '../../src/common/month';
import { createTestApp, TestApp } from '../utils/test-app';
import { uploadRequiredDocuments } from '../utils/filing-documents';
import { auditActions, institutionBody } from './helpers';

type User = Awaited<ReturnType<TestApp['userWithToken']>>;

const BODIES = {
  submit: {},
  approve: {},
  return: { reason: '材料不全：缺少消防验收意见书' },
  suspend: { reason: '消防检查不合格，停业整改' },
  reinstate: { reason: '整改完成，复查合格' },
  close: { reason: '举办者申请关停', childrenArrangement: '在托12名幼儿已转入城区第一托育园，家长均已书面告知' },
} satisfies Record<FilingAction, object>;

describe('institution filing workflow', () => {
  let t: TestApp;
  let admin: User;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.userWithToken('admin');
  });
  afterAll(() => t.close());

  const create = async (overrides: Record<string, unknown> = {}) => {
    const res = await t.http().post('/api/v1/institutions').set(admin.auth).send(institutionBody(overrides));
    expect(res.status).toBe(201);
    // every required filing document, so the filing can be submitted
    await uploadRequiredDocuments(t, admin.auth, res.body.id);
    return res.body as { id: string; status: string };
  };
  const act = (id: string, action: FilingAction, body: object = BODIES[action]) =>
    t.http().post(`/api/v1/institutions/${id}/${action}`).set(admin.auth).send(body);

  /** Brings a new institution into `status` through the endpoints. */
  const paths: Record<string, FilingAction[]> = {
    DRAFT: [],
    SUBMITTED: ['submit'],
    RETURNED: ['submit', 'return'],
    FILED: ['submit', 'approve'],
    SUSPENDED: ['submit', 'approve', 'suspend'],
    CLOSED: ['submit', 'approve', 'close'],
  };
  const inStatus = async (status: string) => {
    const inst = await create();
    for (const action of paths[status]) expect((await act(inst.id, action)).status).toBe(200);
    return inst.id;
  };

  describe('credit code', () => {
    it.each([
      ['Huawei Technologies Co., Ltd.', '914403001922038216'],
      ['Xiaomi Communications Co., Ltd. (lower case accepted)', '91110108551385082q'],
      ['Peking University (public institution, 事业单位)', '12100000400000624D'],
    ])('accepts the published code of %s', async (_, code) => {
      const res = await t
        .http()
        .post('/api/v1/institutions')
        .set(admin.auth)
        .send(institutionBody({ creditCode: code }));
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ creditCode: code.toUpperCase(), status: 'DRAFT', filingNumber: null, inclusive: false });
    });

    it.each([
      ['a corrupted check character', '91110000802100433C', '最后一位校验码不正确'],
      ['a corrupted digit in the organisation code', '91110000802100533B', '组织机构代码（第 9–17 位）校验不通过'],
      ['a letter outside the alphabet', '9111000080210043IB', '应为 18 位'],
      ['17 characters', '91110000802100433', '应为 18 位'],
    ])('refuses %s with 422 CREDIT_CODE_INVALID', async (_, code, says) => {
      const res = await t
        .http()
        .post('/api/v1/institutions')
        .set(admin.auth)
        .send(institutionBody({ creditCode: code }));
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('CREDIT_CODE_INVALID');
      expect(res.body.message).toContain(says);
      expect(res.body.details).toEqual([expect.objectContaining({ field: 'creditCode', code: 'CREDIT_CODE_INVALID' })]);
    });

    it('refuses a duplicate with 409, also when an admin edits a code into a duplicate', async () => {
      const body = institutionBody();
      expect((await t.http().post('/api/v1/institutions').set(admin.auth).send(body)).status).toBe(201);
      const dup = await t
        .http()
        .post('/api/v1/institutions')
        .set(admin.auth)
        .send(institutionBody({ creditCode: body.creditCode }));
      expect(dup.status).toBe(409);
      expect(dup.body.code).toBe('CREDIT_CODE_TAKEN');
      const other = await create();
      const patch = await t.http().patch(`/api/v1/institutions/${other.id}`).set(admin.auth).send({ creditCode: body.creditCode });
      expect(patch.status).toBe(409);
    });
  });

  it('creates in DRAFT with every API field, a history row and an audit entry', async () => {
    const res = await t
      .http()
      .post('/api/v1/institutions')
      .set(admin.auth)
      .send(institutionBody({ independent: true, districtLevel: true }));
    expect(res.status).toBe(201);
    for (const field of [
      'id',
      'name',
      'creditCode',
      'kind',
      'independent',
      'districtLevel',
      'township',
      'address',
      'approvedSlots',
      'status',
      'filingNumber',
      'inclusive',
      'guidancePriceFen',
      'inclusiveFrom',
      'bankAccount',
    ]) {
      expect(res.body).toHaveProperty(field);
    }
    expect(res.body.bankAccount).toEqual({
      bankName: '中国农业银行茌平支行',
      accountName: expect.any(String),
      accountNumber: '6228480012345678',
    });
    const history = await t.prisma.institutionStatusChange.findMany({ where: { institutionId: res.body.id } });
    expect(history).toEqual([expect.objectContaining({ fromStatus: null, toStatus: 'DRAFT', actorId: admin.id })]);
    expect(await auditActions(t, res.body.id)).toEqual(['INSTITUTION_CREATED']);
  });

  describe('every transition', () => {
    const STATUSES = ['DRAFT', 'SUBMITTED', 'FILED', 'RETURNED', 'SUSPENDED', 'CLOSED'];
    const ALLOWED: Record<string, string> = {
      'DRAFT submit': 'SUBMITTED',
      'RETURNED submit': 'SUBMITTED',
      'SUBMITTED approve': 'FILED',
      'SUBMITTED return': 'RETURNED',
      'FILED suspend': 'SUSPENDED',
      'SUSPENDED reinstate': 'FILED',
      'FILED close': 'CLOSED',
      'SUSPENDED close': 'CLOSED',
    };
    const cases = STATUSES.flatMap((from) => FILING_ACTIONS.map((action) => [from, action, ALLOWED[`${from} ${action}`] ?? null] as const));

    it.each(cases)('%s + %s → %s', async (from, action, to) => {
      const id = await inStatus(from);
      const changesBefore = await t.prisma.institutionStatusChange.count({ where: { institutionId: id } });
      const auditBefore = (await auditActions(t, id)).length;
      const res = await act(id, action);
      const changes = await t.prisma.institutionStatusChange.findMany({ where: { institutionId: id }, orderBy: { at: 'asc' } });
      if (to) {
        expect(res.status).toBe(200);
        expect(res.body.status).toBe(to);
        expect(changes).toHaveLength(changesBefore + 1);
        expect(changes.at(-1)).toMatchObject({ fromStatus: from, toStatus: to, actorId: admin.id });
        expect((await auditActions(t, id)).length).toBe(auditBefore + 1);
      } else {
        expect(res.status).toBe(409);
        expect(res.body.code).toBe('INVALID_STATE_TRANSITION');
        expect(res.body.message).toContain(`机构当前为“${statusWord('institution', from)}”`);
        expect(changes).toHaveLength(changesBefore);
        expect((await auditActions(t, id)).length).toBe(auditBefore);
        expect((await t.prisma.institution.findUniqueOrThrow({ where: { id } })).status).toBe(from);
      }
    });
  });

  it('keeps and shows the return reason, allows resubmission, and records the whole history', async () => {
    const { id } = await create();
    await act(id, 'submit').expect(200);
    const returned = await act(id, 'return', { reason: '缺少卫生评价报告' }).expect(200);
    expect(returned.body).toMatchObject({ status: 'RETURNED', statusReason: '缺少卫生评价报告' });
    const resubmitted = await act(id, 'submit').expect(200);
    expect(resubmitted.body).toMatchObject({ status: 'SUBMITTED', statusReason: null });
    await act(id, 'approve').expect(200);
    await act(id, 'suspend').expect(200);
    await act(id, 'reinstate').expect(200);
    const closed = await act(id, 'close').expect(200);
    expect(closed.body).toMatchObject({
      status: 'CLOSED',
      statusReason: BODIES.close.reason,
      closureChildrenNote: expect.stringContaining('转入'),
    });

    const history = await t.http().get(`/api/v1/institutions/${id}/history`).set(admin.auth).expect(200);
    expect(history.body.statusChanges.map((c: { fromStatus: string | null; toStatus: string }) => `${c.fromStatus}→${c.toStatus}`)).toEqual(
      [
        'null→DRAFT',
        'DRAFT→SUBMITTED',
        'SUBMITTED→RETURNED',
        'RETURNED→SUBMITTED',
        'SUBMITTED→FILED',
        'FILED→SUSPENDED',
        'SUSPENDED→FILED',
        'FILED→CLOSED',
      ],
    );
    expect(history.body.statusChanges[2].reason).toBe('缺少卫生评价报告');
    expect(history.body.statusChanges[6].reason).toBe(BODIES.reinstate.reason);
    expect(await auditActions(t, id)).toEqual([
      'INSTITUTION_CREATED',
      'INSTITUTION_SUBMITTED',
      'INSTITUTION_RETURNED',
      'INSTITUTION_SUBMITTED',
      'INSTITUTION_FILED',
      'INSTITUTION_SUSPENDED',
      'INSTITUTION_REINSTATED',
      'INSTITUTION_CLOSED',
    ]);
  });

  it('requires reasons, and closing requires the children arrangement', async () => {
    const id = await inStatus('FILED');
    expect((await act(id, 'suspend', {})).status).toBe(422);
    expect((await act(id, 'suspend', { reason: '   ' })).status).toBe(422);
    const close = await act(id, 'close', { reason: '关停' });
    expect(close.status).toBe(422);
    expect(close.body.details.map((d: { field: string }) => d.field)).toContain('childrenArrangement');
    const submitted = await inStatus('SUBMITTED');
    expect((await act(submitted, 'return', {})).status).toBe(422);
    expect((await t.prisma.institution.findUniqueOrThrow({ where: { id } })).status).toBe('FILED');
  });

  it('refuses submitting an incomplete filing and approving without approved slots', async () => {
    const bare = await t
      .http()
      .post('/api/v1/institutions')
      .set(admin.auth)
      .send({ name: '空白托育园', creditCode: institutionBody().creditCode, kind: 'COMMUNITY' });
    expect(bare.status).toBe(201);
    const submit = await act(bare.body.id, 'submit');
    expect(submit.status).toBe(422);
    expect(submit.body.code).toBe('FILING_INCOMPLETE');
    expect(submit.body.details.map((d: { field: string }) => d.field)).toEqual([
      'township',
      'address',
      'bankAccount.bankName',
      'bankAccount.accountName',
      'bankAccount.accountNumber',
      ...Array(7).fill('documents'),
    ]);

    const { id } = await create({ approvedSlots: 0 });
    await act(id, 'submit').expect(200);
    const noSlots = await act(id, 'approve', {});
    expect(noSlots.status).toBe(422);
    expect((await t.prisma.institution.findUniqueOrThrow({ where: { id } })).status).toBe('SUBMITTED');
    const approved = await act(id, 'approve', { approvedSlots: 80 }).expect(200);
    expect(approved.body).toMatchObject({ status: 'FILED', approvedSlots: 80 });
  });

  it('gives each of 10 concurrent approvals its own filing number', async () => {
    const ids = await Promise.all(Array.from({ length: 10 }, () => inStatus('SUBMITTED')));
    const results = await Promise.all(ids.map((id) => act(id, 'approve')));
    expect(results.map((r) => r.status)).toEqual(Array(10).fill(200));
    const year = shanghaiMonthOf(new Date()).slice(0, 4);
    const numbers = results.map((r) => r.body.filingNumber as string);
    for (const number of numbers) expect(number).toMatch(new RegExp(`^茌托备〔${year}〕\\d{4,}号$`));
    expect(new Set(numbers).size).toBe(10);
    const rows = await t.prisma.institution.findMany({ where: { id: { in: ids } } });
    expect(rows.every((r) => r.status === 'FILED' && r.filedAt !== null)).toBe(true);
  });

  describe('inclusive designation', () => {
    it('requires FILED, upserts per month, can be ended, and is shown for the current month', async () => {
      const draft = await inStatus('SUBMITTED');
      const refused = await t
        .http()
        .post(`/api/v1/institutions/${draft}/inclusive`)
        .set(admin.auth)
        .send({ guidancePriceFen: 100000, effectiveFrom: '2025-01' });
      expect(refused.status).toBe(409);
      expect(refused.body.code).toBe('INSTITUTION_NOT_FILED');
      expect(refused.body.message).toContain('该机构当前为“已提交待审核”');

      const id = await inStatus('FILED');
      const designate = (body: object) => t.http().post(`/api/v1/institutions/${id}/inclusive`).set(admin.auth).send(body);
      const first = await designate({ guidancePriceFen: 100000, effectiveFrom: '2025-01' });
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({
        inclusive: true,
        guidancePriceFen: 100000,
        inclusiveFrom: '2025-01',
        guidancePriceFrom: '2025-01',
      });
      // same month again replaces it; a later month changes the price from then on
      await designate({ guidancePriceFen: 110000, effectiveFrom: '2025-01' }).expect(200);
      const changed = await designate({ guidancePriceFen: 120000, effectiveFrom: '2025-06' }).expect(200);
      expect(changed.body).toMatchObject({
        inclusive: true,
        guidancePriceFen: 120000,
        inclusiveFrom: '2025-01',
        guidancePriceFrom: '2025-06',
      });
      const history = await t.http().get(`/api/v1/institutions/${id}/history`).set(admin.auth).expect(200);
      expect(
        history.body.designations.map((d: { effectiveFrom: string; guidancePriceFen: number }) => [d.effectiveFrom, d.guidancePriceFen]),
      ).toEqual([
        ['2025-01', 110000],
        ['2025-06', 120000],
      ]);

      expect((await designate({ inclusive: false, effectiveFrom: '2025-09', guidancePriceFen: 1 })).status).toBe(422);
      expect((await designate({ effectiveFrom: '2025-09' })).status).toBe(422);
      const ended = await designate({ inclusive: false, effectiveFrom: '2025-09' }).expect(200);
      expect(ended.body).toMatchObject({ inclusive: false, guidancePriceFen: null, inclusiveFrom: null });
      expect(await auditActions(t, id)).toEqual(expect.arrayContaining(['INCLUSIVE_DESIGNATED', 'INCLUSIVE_ENDED']));
      expect((await auditActions(t, id)).filter((a) => a.startsWith('INCLUSIVE_'))).toHaveLength(4);
    });

    it('refuses ending a designation that never existed', async () => {
      const id = await inStatus('FILED');
      const res = await t
        .http()
        .post(`/api/v1/institutions/${id}/inclusive`)
        .set(admin.auth)
        .send({ inclusive: false, effectiveFrom: '2025-01' });
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('NOT_INCLUSIVE');
    });
  });

  it('answers eligibility for past months from the history: suspension and a changed guidance price', async () => {
    const id = await inStatus('FILED');
    const designate = (body: object) => t.http().post(`/api/v1/institutions/${id}/inclusive`).set(admin.auth).send(body).expect(200);
    await designate({ guidancePriceFen: 100000, effectiveFrom: '2025-04' });
    await designate({ guidancePriceFen: 120000, effectiveFrom: '2025-08' });
    await act(id, 'suspend').expect(200);
    await act(id, 'reinstate').expect(200);
    // The endpoints wrote the history just now; move it back in time as if it had happened in 2025:
    // filed 2025-03-10, suspended 2025-06-15, reinstated 2025-08-01 00:30 Shanghai (= 2025-07-31 16:30 UTC).
    const changes = await t.prisma.institutionStatusChange.findMany({ where: { institutionId: id }, orderBy: { at: 'asc' } });
    const when = ['2025-03-01T00:00:00Z', '2025-03-09T00:00:00Z', '2025-03-10T02:00:00Z', '2025-06-15T01:00:00Z', '2025-07-31T16:30:00Z'];
    expect(changes.map((c) => c.toStatus)).toEqual(['DRAFT', 'SUBMITTED', 'FILED', 'SUSPENDED', 'FILED']);
    for (const [i, c] of changes.entries())
      await t.prisma.institutionStatusChange.update({ where: { id: c.id }, data: { at: new Date(when[i]) } });

    const at = async (month: string) =>
      (await t.http().get(`/api/v1/institutions/${id}/eligibility?month=${month}`).set(admin.auth).expect(200)).body;
    expect(await at('2025-02')).toMatchObject({ filed: false, eligible: false });
    expect(await at('2025-03')).toMatchObject({ filed: true, inclusive: false, eligible: false });
    expect(await at('2025-04')).toEqual({
      institutionId: id,
      month: '2025-04',
      filed: true,
      inclusive: true,
      guidancePriceFen: 100000,
      eligible: true,
    });
    expect(await at('2025-06')).toMatchObject({ filed: true, eligible: true, guidancePriceFen: 100000 });
    expect(await at('2025-07')).toMatchObject({ filed: false, inclusive: true, eligible: false });
    expect(await at('2025-08')).toMatchObject({ filed: true, inclusive: true, guidancePriceFen: 120000, eligible: true });
    expect((await t.http().get(`/api/v1/institutions/${id}/eligibility?month=2025-13`).set(admin.auth)).status).toBe(422);
  });
});
