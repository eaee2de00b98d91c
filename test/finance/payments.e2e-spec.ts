import ExcelJS from 'exceljs';
import { createTestApp, TestApp } from '../utils/test-app';
import { createInstitution, createSettlement, freshMonth } from './finance-fixtures';

type User = Awaited<ReturnType<TestApp['userWithToken']>>;
const YEARS: [number, number] = [2400, 2700];
const PAID_ON = '2025-06-30';
let voucherSeq = 0;
const voucher = (prefix: string) => `${prefix}-${process.pid}-${Date.now()}-${(voucherSeq += 1)}`;

describe('payments and reconciliation', () => {
  let t: TestApp;
  let finance: User;

  beforeAll(async () => {
    t = await createTestApp();
    finance = await t.userWithToken('finance');
  });
  afterAll(() => t.close());

  const post = (id: string, payments: unknown[], user: User = finance) =>
    t.http().post(`/api/v1/settlements/${id}/payments`).set(user.auth).send({ payments });
  const upload = (id: string, body: Buffer, name: string, user: User = finance) =>
    t.http().post(`/api/v1/settlements/${id}/payments/import`).set(user.auth).attach('file', body, name);
  const reconciliation = (id: string, user: User = finance) => t.http().get(`/api/v1/settlements/${id}/reconciliation`).set(user.auth);
  const paymentCount = (settlementId: string) => t.prisma.payment.count({ where: { settlementId } });
  const auditCount = (action: string, entityId: string) => t.prisma.auditLog.count({ where: { action, entityId } });

  /** An APPROVED settlement: A owed 700 yuan, B owed 400 yuan, C part of it but owed nothing; D not part of it. */
  async function approvedMonth() {
    const [a, b, c, d] = await Promise.all([1, 2, 3, 4].map(() => createInstitution(t.prisma)));
    const settlement = await createSettlement(t.prisma, freshMonth(YEARS), 'APPROVED', [
      { institutionId: a.id, second: 1, third: 1 },
      { institutionId: b.id, third: 1 },
      { institutionId: c.id, second: 1, carriedInFen: 30000 },
    ]);
    return { settlement, a, b, c, d };
  }

  it('only finance records payments (operator, auditor and admin get 403)', async () => {
    const { settlement, a } = await approvedMonth();
    const row = { institutionId: a.id, amountFen: 70000, voucherNo: voucher('R'), paidOn: PAID_ON };
    for (const user of [await t.userWithToken('operator', a.id), await t.userWithToken('auditor'), await t.userWithToken('admin')]) {
      expect((await post(settlement.id, [row], user)).status).toBe(403);
      expect((await upload(settlement.id, Buffer.from('x'), 'bank.csv', user)).status).toBe(403);
    }
    expect(await paymentCount(settlement.id)).toBe(0);
    const res = await post(settlement.id, [row]);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      recorded: 1,
      alreadyRecorded: 0,
      recordedFen: 70000,
      status: 'APPROVED',
      expectedFen: 110000,
      paidFen: 70000,
      outstandingFen: 40000,
    });
    const stored = await t.prisma.payment.findUniqueOrThrow({ where: { voucherNo: row.voucherNo } });
    expect(stored).toMatchObject({ settlementId: settlement.id, institutionId: a.id, amountFen: 70000, recordedById: finance.id });
    expect(stored.paidOn.toISOString()).toBe(`${PAID_ON}T00:00:00.000Z`);
  });

  it('refuses payments against a settlement that is not approved (409) or unknown (404)', async () => {
    const inst = await createInstitution(t.prisma);
    for (const status of ['QUEUED', 'COMPUTED', 'PUBLISHED', 'FAILED'] as const) {
      const s = await createSettlement(t.prisma, freshMonth(YEARS), status, [{ institutionId: inst.id, second: 1 }]);
      const res = await post(s.id, [{ institutionId: inst.id, amountFen: 30000, voucherNo: voucher('N'), paidOn: PAID_ON }]);
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('SETTLEMENT_NOT_APPROVED');
      const file = await upload(
        s.id,
        Buffer.from(`统一社会信用代码,金额(元),凭证号,支付日期\r\n${inst.creditCode},300,${voucher('N')},${PAID_ON}\r\n`),
        'bank.csv',
      );
      expect(file.status).toBe(409);
      expect(await paymentCount(s.id)).toBe(0);
    }
    const missing = await post('00000000-0000-4000-8000-00000000dead', [
      { institutionId: inst.id, amountFen: 1, voucherNo: voucher('N'), paidOn: PAID_ON },
    ]);
    expect(missing.status).toBe(404);
  });

  it('rejects the whole batch with row-level errors: unknown institution, bad amount, future date, duplicate voucher', async () => {
    const { settlement, a, d } = await approvedMonth();
    const dup = voucher('D');
    const res = await post(settlement.id, [
      { institutionId: a.id, amountFen: 70000, voucherNo: voucher('OK'), paidOn: PAID_ON },
      { institutionId: d.id, amountFen: 100, voucherNo: voucher('U'), paidOn: PAID_ON },
      { institutionId: a.id, amountFen: 100, voucherNo: dup, paidOn: '2999-01-01' },
      { institutionId: a.id, amountFen: 100, voucherNo: dup, paidOn: '2025-02-30' },
    ]);
    expect(res.status).toBe(422);
    expect(res.body.details).toEqual([
      expect.objectContaining({ index: 1, field: 'payments.1.institutionId', code: 'UNKNOWN_INSTITUTION' }),
      expect.objectContaining({ index: 2, field: 'payments.2.paidOn', code: 'DATE_IN_FUTURE' }),
      expect.objectContaining({ index: 3, field: 'payments.3.paidOn', code: 'DATE_INVALID' }),
      expect.objectContaining({ index: 3, field: 'payments.3.voucherNo', code: 'DUPLICATE_VOUCHER' }),
    ]);
    expect(await paymentCount(settlement.id)).toBe(0);

    const invalid = await post(settlement.id, [
      { institutionId: a.id, amountFen: 0, voucherNo: '', paidOn: '2025-1-1' },
      { institutionId: a.id, amountFen: 1.5, voucherNo: 'x', paidOn: PAID_ON },
    ]);
    expect(invalid.status).toBe(422);
    expect(invalid.body.details.map((d: { field: string }) => d.field).sort()).toEqual(
      ['payments.0.amountFen', 'payments.0.paidOn', 'payments.0.voucherNo', 'payments.1.amountFen'].sort(),
    );
    expect(await paymentCount(settlement.id)).toBe(0);
  });

  it('uploading the same bank file twice records it once; a voucher with other data is refused', async () => {
    const { settlement, a, b, d } = await approvedMonth();
    const [v1, v2] = [voucher('F'), voucher('F')];
    const csv = Buffer.from(
      `\uFEFF某银行代发回单\r\n序号,统一社会信用代码,账户名称,金额(元),凭证号,支付日期\r\n1,${a.creditCode},甲,700.00,${v1},2025/6/30\r\n2,${b.creditCode},"乙, 东区",300,${v2},20250630\r\n`,
      'utf8',
    );
    const first = await upload(settlement.id, csv, '回单.csv');
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      recorded: 2,
      alreadyRecorded: 0,
      recordedFen: 100000,
      paidFen: 100000,
      outstandingFen: 10000,
      status: 'APPROVED',
    });
    expect(first.body.payments.map((p: { index: number; result: string }) => [p.index, p.result])).toEqual([
      [3, 'RECORDED'],
      [4, 'RECORDED'],
    ]);
    const audits = await auditCount('PAYMENTS_RECORDED', settlement.id);
    expect(audits).toBe(1);
    const entry = await t.prisma.auditLog.findFirstOrThrow({ where: { action: 'PAYMENTS_RECORDED', entityId: settlement.id } });
    expect(entry).toMatchObject({
      actorId: finance.id,
      after: { recorded: 2, alreadyRecorded: 0, recordedFen: 100000, vouchers: [v1, v2], source: { file: '回单.csv', format: 'csv' } },
    });

    const again = await upload(settlement.id, csv, '回单.csv');
    expect(again.status).toBe(201);
    expect(again.body).toMatchObject({ recorded: 0, alreadyRecorded: 2, recordedFen: 0, paidFen: 100000 });
    expect(again.body.payments.map((p: { result: string }) => p.result)).toEqual(['ALREADY_RECORDED', 'ALREADY_RECORDED']);
    expect(await paymentCount(settlement.id)).toBe(2);
    expect(await auditCount('PAYMENTS_RECORDED', settlement.id)).toBe(1);

    // the same voucher number with a different amount, and an institution outside the settlement: nothing stored
    const changed = Buffer.from(
      `统一社会信用代码,金额(元),凭证号,支付日期\r\n${b.creditCode},300.01,${v2},2025-06-30\r\n${d.creditCode},1,${voucher('F')},2025-06-30\r\n${a.creditCode},1.001,${voucher('F')},2025-06-30\r\n`,
    );
    const refused = await upload(settlement.id, changed, 'changed.csv');
    expect(refused.status).toBe(422);
    expect(refused.body.details.map((x: { index: number; field: string; code: string }) => [x.index, x.field, x.code])).toEqual([
      [2, '凭证号', 'VOUCHER_ALREADY_RECORDED'],
      [3, '统一社会信用代码', 'UNKNOWN_INSTITUTION'],
      [4, '金额(元)', 'AMOUNT_INVALID'],
    ]);
    expect(await paymentCount(settlement.id)).toBe(2);

    // the JSON endpoint follows the same voucher rule
    const same = await post(settlement.id, [{ institutionId: a.id, amountFen: 70000, voucherNo: v1, paidOn: '2025-06-30' }]);
    expect(same.body).toMatchObject({ recorded: 0, alreadyRecorded: 1 });
    const other = await post(settlement.id, [{ institutionId: a.id, amountFen: 70000, voucherNo: v1, paidOn: '2025-07-01' }]);
    expect(other.status).toBe(422);
    expect(other.body.details[0]).toMatchObject({ index: 0, field: 'payments.0.voucherNo', code: 'VOUCHER_ALREADY_RECORDED' });
  });

  it('a file without the needed columns or without a file is refused clearly', async () => {
    const { settlement, a } = await approvedMonth();
    const noColumns = await upload(settlement.id, Buffer.from(`统一社会信用代码,凭证号\r\n${a.creditCode},X\r\n`), 'bad.csv');
    expect(noColumns.status).toBe(422);
    expect(noColumns.body.details.map((d: { code: string }) => d.code)).toEqual(['COLUMN_MISSING', 'COLUMN_MISSING']);
    const none = await t.http().post(`/api/v1/settlements/${settlement.id}/payments/import`).set(finance.auth).field('x', '1');
    expect(none.status).toBe(400);
    expect(none.body.code).toBe('FILE_REQUIRED');
  });

  it('reconciliation lists every discrepancy kind with the institution', async () => {
    const { settlement, a, b, c } = await approvedMonth();
    await post(settlement.id, [
      { institutionId: a.id, amountFen: 70000, voucherNo: voucher('K'), paidOn: PAID_ON },
      { institutionId: a.id, amountFen: 500, voucherNo: voucher('K'), paidOn: PAID_ON },
      { institutionId: b.id, amountFen: 25000, voucherNo: voucher('K'), paidOn: PAID_ON },
      { institutionId: c.id, amountFen: 1200, voucherNo: voucher('K'), paidOn: PAID_ON },
    ]).expect(201);
    const res = await reconciliation(settlement.id);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      settlementId: settlement.id,
      status: 'APPROVED',
      expectedFen: 110000,
      paidFen: 96700,
      outstandingFen: 15000,
      matched: false,
    });
    const byKind = Object.fromEntries(res.body.discrepancies.map((d: { kind: string }) => [d.kind, d]));
    expect(byKind).toEqual({
      OVERPAID: {
        institutionId: a.id,
        institutionName: a.name,
        creditCode: a.creditCode,
        kind: 'OVERPAID',
        expectedFen: 70000,
        paidFen: 70500,
        differenceFen: 500,
      },
      UNDERPAID: {
        institutionId: b.id,
        institutionName: b.name,
        creditCode: b.creditCode,
        kind: 'UNDERPAID',
        expectedFen: 40000,
        paidFen: 25000,
        differenceFen: -15000,
      },
      PAID_NOT_OWED: {
        institutionId: c.id,
        institutionName: c.name,
        creditCode: c.creditCode,
        kind: 'PAID_NOT_OWED',
        expectedFen: 0,
        paidFen: 1200,
        differenceFen: 1200,
      },
    });
    const aRow = res.body.institutions.find((i: { institutionId: string }) => i.institutionId === a.id);
    expect(aRow).toMatchObject({
      state: 'OVERPAID',
      payments: [expect.objectContaining({ amountFen: 70000, paidOn: PAID_ON }), expect.objectContaining({ amountFen: 500 })],
    });
    expect((await t.prisma.settlement.findUniqueOrThrow({ where: { id: settlement.id } })).status).toBe('APPROVED');
  });

  it('becomes PAID, audited once, in the transaction that records the last matching payment', async () => {
    const [a, b, z] = await Promise.all([1, 2, 3].map(() => createInstitution(t.prisma)));
    const settlement = await createSettlement(t.prisma, freshMonth(YEARS), 'APPROVED', [
      { institutionId: a.id, second: 1 },
      { institutionId: b.id, third: 1, adjustmentFen: 1234 },
      { institutionId: z.id },
    ]);
    const first = await post(settlement.id, [{ institutionId: a.id, amountFen: 30000, voucherNo: voucher('P'), paidOn: PAID_ON }]);
    expect(first.body.status).toBe('APPROVED');
    const underpaid = await reconciliation(settlement.id);
    expect(underpaid.body.discrepancies).toEqual([
      expect.objectContaining({ institutionId: b.id, kind: 'UNDERPAID', paidFen: 0, differenceFen: -41234 }),
    ]);
    expect(underpaid.body.institutions.find((i: { institutionId: string }) => i.institutionId === b.id).state).toBe('UNPAID');

    // the bank file in XLSX, amounts in fen, the voucher stored as a number
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('回单');
    sheet.addRow(['统一社会信用代码', '金额(分)', '凭证号', '支付日期']);
    const numericVoucher = 900000000 + Math.floor(Math.random() * 99999999);
    sheet.addRow([b.creditCode, 41234, numericVoucher, new Date(`${PAID_ON}T00:00:00Z`)]);
    const xlsx = Buffer.from(await wb.xlsx.writeBuffer());
    const last = await upload(settlement.id, xlsx, 'bank.xlsx');
    expect(last.status).toBe(201);
    expect(last.body).toMatchObject({ recorded: 1, status: 'PAID', expectedFen: 71234, paidFen: 71234, outstandingFen: 0 });
    const paid = await t.prisma.settlement.findUniqueOrThrow({ where: { id: settlement.id } });
    expect(paid.status).toBe('PAID');
    expect(paid.paidAt).toBeInstanceOf(Date);
    expect(await auditCount('SETTLEMENT_PAID', settlement.id)).toBe(1);
    const entry = await t.prisma.auditLog.findFirstOrThrow({ where: { action: 'SETTLEMENT_PAID', entityId: settlement.id } });
    expect(entry).toMatchObject({
      actorId: finance.id,
      before: { status: 'APPROVED' },
      after: { status: 'PAID', trigger: 'payments', paidFen: 71234 },
    });

    const rec = await reconciliation(settlement.id);
    expect(rec.body).toMatchObject({
      status: 'PAID',
      matched: true,
      discrepancies: [],
      expectedFen: 71234,
      paidFen: 71234,
      outstandingFen: 0,
    });
    expect(new Date(rec.body.paidAt).getTime()).toBe(paid.paidAt!.getTime());

    // re-uploading after PAID changes nothing and stays PAID
    const replay = await upload(settlement.id, xlsx, 'bank.xlsx');
    expect(replay.body).toMatchObject({ recorded: 0, alreadyRecorded: 1, status: 'PAID' });
    expect(await auditCount('SETTLEMENT_PAID', settlement.id)).toBe(1);
    expect(await auditCount('PAYMENTS_RECORDED', settlement.id)).toBe(2);
  });

  it('GET reconciliation never writes, whoever reads it; POST close moves a fully matched APPROVED settlement to PAID, once', async () => {
    const inst = await createInstitution(t.prisma);
    // fully offset against an earlier overpayment: nothing to pay this month, so no payment will ever close it
    const settlement = await createSettlement(t.prisma, freshMonth(YEARS), 'APPROVED', [
      { institutionId: inst.id, second: 1, carriedInFen: 30000 },
    ]);
    const close = (user: User = finance) => t.http().post(`/api/v1/settlements/${settlement.id}/close`).set(user.auth);
    for (const role of ['auditor', 'admin', 'finance'] as const) {
      const res = await reconciliation(settlement.id, await t.userWithToken(role));
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'APPROVED', expectedFen: 0, paidFen: 0, matched: true, paidAt: null });
    }
    expect(await reconciliation(settlement.id, await t.userWithToken('operator', inst.id))).toMatchObject({ status: 200 });
    expect((await t.prisma.settlement.findUniqueOrThrow({ where: { id: settlement.id } })).status).toBe('APPROVED');
    expect(await auditCount('SETTLEMENT_PAID', settlement.id)).toBe(0);

    // only finance closes a month
    for (const role of ['auditor', 'admin'] as const) expect((await close(await t.userWithToken(role))).status).toBe(403);
    expect((await close(await t.userWithToken('operator', inst.id))).status).toBe(403);

    const closed = await close();
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ status: 'PAID', expectedFen: 0, paidFen: 0, matched: true });
    expect(closed.body.paidAt).toEqual(expect.any(String));
    expect((await t.prisma.settlement.findUniqueOrThrow({ where: { id: settlement.id } })).status).toBe('PAID');
    // closing again answers the PAID month unchanged and writes nothing
    expect((await close()).body).toMatchObject({ status: 'PAID', paidAt: closed.body.paidAt });
    expect(await auditCount('SETTLEMENT_PAID', settlement.id)).toBe(1);
    const entry = await t.prisma.auditLog.findFirstOrThrow({ where: { action: 'SETTLEMENT_PAID', entityId: settlement.id } });
    expect(entry.after).toMatchObject({ trigger: 'close', expectedFen: 0, paidFen: 0 });
    expect(entry.actorId).toBe(finance.id);
  });

  it('POST close refuses (409 NOT_RECONCILED, each discrepancy named) while paid differs from expected, and a not approved month', async () => {
    const { settlement, a, b, c } = await approvedMonth();
    const close = (id = settlement.id) => t.http().post(`/api/v1/settlements/${id}/close`).set(finance.auth);
    await post(settlement.id, [
      { institutionId: a.id, amountFen: 70000, voucherNo: voucher('C'), paidOn: PAID_ON },
      { institutionId: c.id, amountFen: 100, voucherNo: voucher('C'), paidOn: PAID_ON },
    ]).expect(201);
    const refused = await close();
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('NOT_RECONCILED');
    expect(refused.body.details).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: `institutions.${b.id}`, code: 'UNDERPAID' }),
        expect.objectContaining({ field: `institutions.${c.id}`, code: 'PAID_NOT_OWED' }),
      ]),
    );
    expect(refused.body.details).toHaveLength(2);
    expect(refused.body.message).toBe('尚有 2 家机构的实付金额与应付金额不一致，不能结清；请按明细核对支付记录');
    expect(refused.body.details.find((d: { code: string }) => d.code === 'UNDERPAID').message).toBe(
      `${b.name}（${b.creditCode}）少付：应付 400.00 元，实付 0.00 元`,
    );
    expect((await t.prisma.settlement.findUniqueOrThrow({ where: { id: settlement.id } })).status).toBe('APPROVED');
    expect(await auditCount('SETTLEMENT_PAID', settlement.id)).toBe(0);

    const computed = await createSettlement(t.prisma, freshMonth(YEARS), 'COMPUTED', [{ institutionId: a.id, second: 1 }]);
    const notApproved = await close(computed.id);
    expect(notApproved.status).toBe(409);
    expect(notApproved.body.code).toBe('SETTLEMENT_NOT_APPROVED');
  });

  it('reconciliation: finance, admin, auditor see everything; an operator sees only their own institution', async () => {
    const { settlement, a, b } = await approvedMonth();
    await post(settlement.id, [{ institutionId: b.id, amountFen: 10000, voucherNo: voucher('S'), paidOn: PAID_ON }]).expect(201);
    for (const role of ['admin', 'auditor'] as const) {
      const res = await reconciliation(settlement.id, await t.userWithToken(role));
      expect(res.status).toBe(200);
      expect(res.body.institutions).toHaveLength(3);
    }
    const mine = await reconciliation(settlement.id, await t.userWithToken('operator', b.id));
    expect(mine.status).toBe(200);
    expect(mine.body).toMatchObject({ expectedFen: 40000, paidFen: 10000, outstandingFen: 30000 });
    expect(mine.body.institutions.map((i: { institutionId: string }) => i.institutionId)).toEqual([b.id]);
    expect(mine.body.discrepancies.map((i: { institutionId: string }) => i.institutionId)).toEqual([b.id]);
    expect(JSON.stringify(mine.body)).not.toContain(a.id);

    const outsider = await createInstitution(t.prisma);
    const none = await reconciliation(settlement.id, await t.userWithToken('operator', outsider.id));
    expect(none.body).toMatchObject({ expectedFen: 0, paidFen: 0, institutions: [], discrepancies: [] });

    const computed = await createSettlement(t.prisma, freshMonth(YEARS), 'COMPUTED', [{ institutionId: a.id, second: 1 }]);
    expect((await reconciliation(computed.id)).status).toBe(409);
  });

  it('an institution sees its payment status per settlement; operators only their own', async () => {
    const { settlement, a, b } = await approvedMonth();
    const v = voucher('I');
    await post(settlement.id, [{ institutionId: a.id, amountFen: 70000, voucherNo: v, paidOn: PAID_ON }]).expect(201);
    const own = await t
      .http()
      .get(`/api/v1/institutions/${a.id}/payments`)
      .set((await t.userWithToken('operator', a.id)).auth);
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({ total: 1, page: 1 });
    expect(own.body.items[0]).toEqual({
      settlementId: settlement.id,
      month: settlement.month,
      settlementStatus: 'APPROVED',
      paidAt: null,
      expectedFen: 70000,
      paidFen: 70000,
      differenceFen: 0,
      state: 'PAID',
      payments: [{ voucherNo: v, amountFen: 70000, paidOn: PAID_ON }],
    });
    const other = await t
      .http()
      .get(`/api/v1/institutions/${b.id}/payments`)
      .set((await t.userWithToken('operator', a.id)).auth);
    expect(other.status).toBe(404);
    for (const role of ['finance', 'admin', 'auditor'] as const) {
      const res = await t
        .http()
        .get(`/api/v1/institutions/${b.id}/payments`)
        .set((await t.userWithToken(role)).auth);
      expect(res.status).toBe(200);
      expect(res.body.items[0]).toMatchObject({ settlementId: settlement.id, expectedFen: 40000, paidFen: 0, state: 'UNPAID' });
    }
    const missing = await t.http().get('/api/v1/institutions/00000000-0000-4000-8000-00000000beef/payments').set(finance.auth);
    expect(missing.status).toBe(404);
  });

  it('two uploads of the same file at once record it once (the settlement row lock serialises batches)', async () => {
    const { settlement, a, b } = await approvedMonth();
    const csv = Buffer.from(
      `统一社会信用代码,金额(元),凭证号,支付日期\r\n${a.creditCode},700,${voucher('C')},${PAID_ON}\r\n${b.creditCode},400,${voucher('C')},${PAID_ON}\r\n`,
    );
    const results = await Promise.all([upload(settlement.id, csv, 'a.csv'), upload(settlement.id, csv, 'a.csv')]);
    expect(results.map((r) => r.status)).toEqual([201, 201]);
    expect(results.map((r) => r.body.recorded).sort()).toEqual([0, 2]);
    expect(await paymentCount(settlement.id)).toBe(2);
    expect(await auditCount('SETTLEMENT_PAID', settlement.id)).toBe(1);
    expect((await t.prisma.settlement.findUniqueOrThrow({ where: { id: settlement.id } })).status).toBe('PAID');
  });

  it('refuses a bank file over the upload limit with 413', async () => {
    const small = await createTestApp({ env: { UPLOAD_LIMIT_BYTES: '1024' } });
    try {
      const { settlement } = await approvedMonth();
      const user = await small.userWithToken('finance');
      const res = await small
        .http()
        .post(`/api/v1/settlements/${settlement.id}/payments/import`)
        .set(user.auth)
        .attach('file', Buffer.alloc(4096, 'a'), 'big.csv');
      expect(res.status).toBe(413);
      expect(res.body.code).toBe('PAYLOAD_TOO_LARGE');
    } finally {
      await small.close();
    }
  });

  it('replays a JSON batch sent with the same Idempotency-Key', async () => {
    const { settlement, a } = await approvedMonth();
    const body = { payments: [{ institutionId: a.id, amountFen: 70000, voucherNo: voucher('IK'), paidOn: PAID_ON }] };
    const key = `pay-${Date.now()}`;
    const first = await t
      .http()
      .post(`/api/v1/settlements/${settlement.id}/payments`)
      .set(finance.auth)
      .set('Idempotency-Key', key)
      .send(body);
    const second = await t
      .http()
      .post(`/api/v1/settlements/${settlement.id}/payments`)
      .set(finance.auth)
      .set('Idempotency-Key', key)
      .send(body);
    expect(second.status).toBe(first.status);
    expect(second.body).toEqual(first.body);
    expect(await paymentCount(settlement.id)).toBe(1);
  });
});
