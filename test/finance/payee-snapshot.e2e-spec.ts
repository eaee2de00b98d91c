import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { PiiCipher } from '../../src/infra/crypto/pii-cipher';
import { createChild, createFiledInstitution } from '../utils/factories';
import { createTestApp, TestApp } from '../utils/test-app';
import { createRoster, waitForStatus } from '../settlement/support/settlement-fixtures';

/**
 * The payee of each institution is fixed when the month is approved: an admin changing the institution's bank
 * account between approval and payment does not change the payment file, and finance is shown the change.
 */
describe('payee fixed at approval', () => {
  let t: TestApp;
  let admin: { auth: { Authorization: string } };
  let finance: { auth: { Authorization: string } };
  beforeAll(async () => {
    t = await createTestApp({ workers: true });
    admin = await t.userWithToken('admin');
    finance = await t.userWithToken('finance');
  });
  afterAll(() => t.close());

  const csvRows = async (id: string) => {
    const res = await t.http().get(`/api/v1/settlements/${id}/export?format=csv`).set(finance.auth).responseType('blob');
    expect(res.status).toBe(200);
    return (parse((res.body as Buffer).toString('utf8').slice(1), { relax_column_count: true }) as string[][]).map((r) => r.map(csvCell));
  };
  const xlsxRows = async (id: string) => {
    const res = await t.http().get(`/api/v1/settlements/${id}/export?format=xlsx`).set(finance.auth).responseType('blob');
    expect(res.status).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.body as unknown as ArrayBuffer);
    const rows: string[][] = [];
    book.worksheets[0].eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((v) => String(v ?? ''))));
    return rows;
  };

  it('the payment file of an approved month keeps the approved bank account; the change is shown to finance', async () => {
    const month = '2025-03';
    const inst = await createFiledInstitution(t.prisma);
    const other = await createFiledInstitution(t.prisma);
    const cipher = t.app.get(PiiCipher);
    for (const i of [inst, other]) {
      const kid = await createChild(t.prisma, cipher, { birthDate: '2024-05-10', birthOrder: 2 });
      await createRoster(t.prisma, i.id, month, [{ childId: kid.id, birthOrder: 2 }]);
    }
    const queued = await t.http().post('/api/v1/settlements').set(admin.auth).send({ month });
    expect(queued.status).toBe(202);
    const id = queued.body.id as string;
    await waitForStatus(t, admin.auth, id, ['COMPUTED']);
    expect((await t.http().post(`/api/v1/settlements/${id}/publish`).set(admin.auth)).status).toBe(200);
    const approved = await t.http().post(`/api/v1/settlements/${id}/approve`).set(admin.auth);
    expect(approved.body).toMatchObject({ status: 'APPROVED' });

    const oldAccount = inst.bankAccountNumber!;
    const newAccount = '6222020000000099999';
    const patched = await t
      .http()
      .patch(`/api/v1/institutions/${inst.id}`)
      .set(admin.auth)
      .send({
        name: `${inst.name}（新）`,
        bankAccount: { bankName: '中国工商银行聊城分行', accountName: '另一个账户名', accountNumber: newAccount },
      });
    expect(patched.status).toBe(200);
    expect(patched.body.bankAccount.accountNumber).toBe(newAccount);

    for (const rows of [await csvRows(id), await xlsxRows(id)]) {
      const row = rows.find((r) => r[1] === inst.creditCode);
      expect(row?.slice(0, 5)).toEqual([inst.name, inst.creditCode, inst.bankName, inst.bankAccountName, oldAccount]);
      expect(rows.flat()).not.toContain(newAccount);
      expect(rows.find((r) => r[1] === other.creditCode)?.[4]).toBe(other.bankAccountNumber);
    }

    const rec = await t.http().get(`/api/v1/settlements/${id}/reconciliation`).set(finance.auth);
    expect(rec.status).toBe(200);
    expect(rec.body.payeeChanges).toBe(1);
    const mine = rec.body.institutions.find((r: { institutionId: string }) => r.institutionId === inst.id);
    expect(mine).toMatchObject({
      institutionName: inst.name,
      payeeChanged: true,
      payee: {
        name: inst.name,
        creditCode: inst.creditCode,
        bankName: inst.bankName,
        accountName: inst.bankAccountName,
        accountNumber: oldAccount,
      },
      currentPayee: {
        name: `${inst.name}（新）`,
        bankName: '中国工商银行聊城分行',
        accountName: '另一个账户名',
        accountNumber: newAccount,
      },
    });
    expect(mine.payee.fixedAt).toEqual(approved.body.approvedAt);
    expect(rec.body.institutions.find((r: { institutionId: string }) => r.institutionId === other.id)).toMatchObject({
      payeeChanged: false,
      currentPayee: null,
      payee: { accountNumber: other.bankAccountNumber },
    });

    // the bank's return file names the institution by the credit code of the payment file: still matched
    const bankFile = `统一社会信用代码,金额(分),凭证号,支付日期\r\n${inst.creditCode},30000,PZ-PAYEE-1,2025-04-09\r\n${other.creditCode},30000,PZ-PAYEE-2,2025-04-09\r\n`;
    const imported = await t
      .http()
      .post(`/api/v1/settlements/${id}/payments/import`)
      .set(finance.auth)
      .attach('file', Buffer.from(bankFile, 'utf8'), 'bank.csv');
    expect(imported.status).toBe(201);
    expect(imported.body).toMatchObject({ recorded: 2, status: 'PAID', payeeChanges: 1 });
  });

  it('a published month (a draft file) shows the registry details of now', async () => {
    const month = '2025-05'; // after the approved 2025-03 (an earlier month can no longer be settled)
    const inst = await createFiledInstitution(t.prisma);
    const kid = await createChild(t.prisma, t.app.get(PiiCipher), { birthDate: '2024-05-10', birthOrder: 3 });
    await createRoster(t.prisma, inst.id, month, [{ childId: kid.id, birthOrder: 3 }]);
    const id = (await t.http().post('/api/v1/settlements').set(admin.auth).send({ month })).body.id as string;
    await waitForStatus(t, admin.auth, id, ['COMPUTED']);
    expect((await t.http().post(`/api/v1/settlements/${id}/publish`).set(admin.auth)).status).toBe(200);
    await t
      .http()
      .patch(`/api/v1/institutions/${inst.id}`)
      .set(admin.auth)
      .send({ bankAccount: { bankName: '中国银行', accountName: '新户名', accountNumber: '6216610000000000001' } })
      .expect(200);
    expect((await csvRows(id)).find((r) => r[1] === inst.creditCode)?.slice(2, 5)).toEqual(['中国银行', '新户名', '6216610000000000001']);
  });
});

/** A CSV cell as the payment file writes text that a spreadsheet must not turn into a number: ="…". */
function csvCell(value: string): string {
  return value.replace(/^="(.*)"$/, '$1');
}
