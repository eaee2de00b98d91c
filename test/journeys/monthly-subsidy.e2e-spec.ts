import { uploadDocument, uploadRequiredDocuments } from '../utils/filing-documents';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import { maskIdNumber } from '../../src/common/masking';
import { createTestApp, TestApp } from '../utils/test-app';
import {
  allLines,
  auditActions,
  backdateFiling,
  bankAccount,
  bootstrapAdmin,
  childName,
  createAndLogin,
  eligibility,
  freshCreditCode,
  freshResidentId,
  InstitutionPart,
  Person,
  publishAndApprove,
  registerInstitution,
  runSettlement,
  SettlementBody,
  unique,
} from './journey-support';

/**
 * The whole month, as the users do it: the health bureau registers two institutions, their operators complete
 * and submit the filings (one is returned and fixed), the bureau files them and designates them inclusive; the
 * operators upload the month's rosters (one CSV, one XLSX), the bureau approves them, settles the month (queued
 * job), publishes the notice and approves; the finance bureau downloads the payment file, pays (one institution
 * short at first) and reconciles; an auditor checks the audit chain.
 *
 * Month 2023-08 (and the policy version effective from it) belong to this file alone.
 */
const MONTH = '2023-08';
const HEADER = ['身份证号', '姓名', '孩次', '监护人', '联系电话', '入托日期', '离托日期', '出勤天数'];

interface Kid {
  idNumber: string;
  name: string;
}
interface RosterRow {
  kid: Kid;
  birthOrder: number;
  enrolledOn: string;
  withdrawnOn?: string;
  attendanceDays: number;
  /** what the settlement must say for this child at this institution */
  expected: { reason: string; amountFen: number };
}

const kid = (birthDate: string): Kid => ({ idNumber: freshResidentId(birthDate), name: childName() });
const row = (
  k: Kid,
  birthOrder: number,
  attendanceDays: number,
  expected: [string, number],
  dates: Partial<RosterRow> = {},
): RosterRow => ({
  kid: k,
  birthOrder,
  enrolledOn: '2023-03-01',
  attendanceDays,
  expected: { reason: expected[0], amountFen: expected[1] },
  ...dates,
});

/** The operator's spreadsheet saved as CSV: UTF-8 with BOM (as Excel saves "CSV UTF-8"), CRLF. */
function rosterCsv(rows: RosterRow[]): Buffer {
  const lines = rows.map((r) =>
    [r.kid.idNumber, r.kid.name, r.birthOrder, '王家长', '13800001111', r.enrolledOn, r.withdrawnOn ?? '', r.attendanceDays].join(','),
  );
  return Buffer.from('\uFEFF' + [HEADER.join(','), ...lines].join('\r\n') + '\r\n', 'utf8');
}

/** The operator's XLSX: a title line above the header, ID numbers as text, enrolment dates as date cells. */
async function rosterXlsx(rows: RosterRow[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('2023年8月花名册');
  ws.addRow(['茌平区托育机构月度收托花名册（2023年8月）']);
  ws.addRow(HEADER);
  for (const r of rows) {
    const [y, m, d] = r.enrolledOn.split('-').map(Number);
    ws.addRow([
      r.kid.idNumber,
      r.kid.name,
      r.birthOrder,
      '赵家长',
      '13900002222',
      new Date(Date.UTC(y, m - 1, d)),
      r.withdrawnOn ?? null,
      r.attendanceDays,
    ]);
  }
  ws.getColumn(1).numFmt = '@';
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function part(s: { institutions: InstitutionPart[] }, institutionId: string): InstitutionPart | undefined {
  return s.institutions.find((p) => p.institutionId === institutionId);
}

describe('journey: one month of childcare subsidy, from filing to reconciliation', () => {
  let t: TestApp;
  let admin: Person;
  let finance: Person;
  let auditor: Person;
  let operatorA: Person;
  let operatorB: Person;
  let instA: { id: string; name: string; creditCode: string; accountNumber: string };
  let instB: { id: string; name: string; creditCode: string; accountNumber: string };
  let rosterA: string;
  let rosterB: string;
  let settlement: SettlementBody;
  const township = unique('JM')
    .replace(/[^A-Za-z0-9_-]/g, '')
    .slice(0, 32);

  // Sunshine (A, CSV): first, second, third child, one just over three, one who came too rarely, and Tian who
  // moved to B on 10 August. Riverside (B, XLSX): Tian (more days at B, so B is paid), a fourth child, one who
  // turns three only in August (35 full months on the 1st: still paid), a first child and one never came.
  const tian = kid('2021-10-08');
  const rowsA: RosterRow[] = [
    row(kid('2022-03-10'), 1, 20, ['FIRST_CHILD', 0]),
    row(kid('2021-12-05'), 2, 20, ['PAID_SECOND_CHILD', 30000]),
    row(kid('2022-06-18'), 3, 18, ['PAID_THIRD_CHILD', 40000]),
    row(kid('2020-08-01'), 2, 20, ['OVER_AGE', 0]), // 36 full months on 2023-08-01
    row(kid('2022-01-15'), 2, 2, ['INSUFFICIENT_ATTENDANCE', 0]), // the August policy needs 3 days
    row(tian, 3, 6, ['PAID_ELSEWHERE', 0], { withdrawnOn: '2023-08-10' }),
  ];
  const rowsB: RosterRow[] = [
    row(kid('2022-09-01'), 2, 21, ['PAID_SECOND_CHILD', 30000]),
    row(kid('2021-09-02'), 4, 15, ['PAID_THIRD_CHILD', 40000]),
    row(kid('2022-02-11'), 1, 22, ['FIRST_CHILD', 0]),
    row(tian, 3, 12, ['PAID_THIRD_CHILD', 40000], { enrolledOn: '2023-08-14' }),
    row(kid('2022-05-05'), 2, 0, ['INSUFFICIENT_ATTENDANCE', 0]),
    row(kid('2020-08-02'), 2, 20, ['PAID_SECOND_CHILD', 30000]), // 35 full months on 2023-08-01
  ];
  const everyIdNumber = [...rowsA, ...rowsB].map((r) => r.kid.idNumber);

  // a journey waits for queued settlement runs: generous bounds for a loaded machine, no timing claims
  jest.setTimeout(300_000);

  beforeAll(async () => {
    t = await createTestApp({ workers: true });
  });
  afterAll(() => t.close());

  it('the admin signs in, registers two institutions and gives their staff and the finance bureau accounts', async () => {
    const boot = await bootstrapAdmin(t);
    admin = await createAndLogin(t, boot, 'admin');
    const me = await t.http().get('/api/v1/auth/me').set(admin.auth);
    expect(me.body).toMatchObject({ id: admin.id, role: 'admin' });

    // a typo in the credit code is caught at once
    const typo = freshCreditCode();
    const bad = await t
      .http()
      .post('/api/v1/institutions')
      .set(admin.auth)
      .send({ name: '错码托育', creditCode: typo.slice(0, 17) + (typo[17] === '0' ? '1' : '0'), kind: 'PRIVATE' });
    expect(bad.status).toBe(422);
    expect(bad.body.code).toBe('CREDIT_CODE_INVALID');

    const a = { name: unique('阳光托育中心'), creditCode: freshCreditCode() };
    const b = { name: unique('河畔社区托育园'), creditCode: freshCreditCode() };
    const accountB = bankAccount(b.name);
    // A is registered with the basics only: its operator completes the filing
    const createdA = await registerInstitution(t, admin.auth, { ...a, kind: 'PRIVATE', independent: true, township, approvedSlots: 30 });
    const createdB = await registerInstitution(t, admin.auth, {
      ...b,
      kind: 'COMMUNITY',
      township,
      address: '茌平区振兴街道河畔路8号',
      approvedSlots: 40,
      bankAccount: accountB,
    });
    expect(
      (
        await t
          .http()
          .post('/api/v1/institutions')
          .set(admin.auth)
          .send({ ...a, kind: 'PRIVATE' })
      ).body.code,
    ).toBe('CREDIT_CODE_TAKEN');

    operatorA = await createAndLogin(t, admin.auth, 'operator', createdA.id);
    operatorB = await createAndLogin(t, admin.auth, 'operator', createdB.id);
    finance = await createAndLogin(t, admin.auth, 'finance');
    auditor = await createAndLogin(t, admin.auth, 'auditor');
    instA = { id: createdA.id, ...a, accountNumber: '' };
    instB = { id: createdB.id, ...b, accountNumber: accountB.accountNumber };
  });

  it('operators complete and submit their filings; the admin returns A with a reason, A is fixed and both are filed', async () => {
    // operator A fills in the address and the bank account; another institution is invisible to them
    const accountA = bankAccount(instA.name);
    instA.accountNumber = accountA.accountNumber;
    const edit = await t
      .http()
      .patch(`/api/v1/institutions/${instA.id}`)
      .set(operatorA.auth)
      .send({ address: '茌平区信发街道阳光路1号', bankAccount: accountA });
    expect(edit.status).toBe(200);
    expect(edit.body.bankAccount).toEqual(accountA);
    expect((await t.http().patch(`/api/v1/institutions/${instB.id}`).set(operatorA.auth).send({ address: 'x' })).status).toBe(404);
    expect((await t.http().get(`/api/v1/institutions/${instB.id}`).set(operatorA.auth)).status).toBe(404);
    // operators may not touch what only the bureau decides
    const slots = await t.http().patch(`/api/v1/institutions/${instA.id}`).set(operatorA.auth).send({ approvedSlots: 300 });
    expect(slots.status).toBe(400);
    expect(slots.body.code).toBe('FIELD_NOT_ALLOWED');

    // the filing materials: without them the filing cannot be submitted
    const incomplete = await t.http().post(`/api/v1/institutions/${instA.id}/submit`).set(operatorA.auth);
    expect(incomplete.status).toBe(422);
    expect(incomplete.body.details.filter((d: { field: string }) => d.field === 'documents')).toHaveLength(7);
    const documentsA = await uploadRequiredDocuments(t, operatorA.auth, instA.id);
    await uploadRequiredDocuments(t, operatorB.auth, instB.id);
    for (const [op, id] of [
      [operatorA, instA.id],
      [operatorB, instB.id],
    ] as const) {
      const submitted = await t.http().post(`/api/v1/institutions/${id}/submit`).set(op.auth);
      expect(submitted.status).toBe(200);
      expect(submitted.body.status).toBe('SUBMITTED');
    }

    // the bureau sends A back
    const reason = '营业执照复印件不清晰，地址与执照不一致，请更正后重新提交';
    const returned = await t
      .http()
      .post(`/api/v1/institutions/${instA.id}/return`)
      .set(admin.auth)
      .send({ reason, documents: [{ documentId: documentsA.BUSINESS_LICENSE, reason: '复印件不清晰，请上传清晰的扫描件' }] });
    expect(returned.status).toBe(200);
    const seen = await t.http().get(`/api/v1/institutions/${instA.id}`).set(operatorA.auth);
    expect(seen.body).toMatchObject({ status: 'RETURNED', statusReason: reason });
    // operator A sees which document to replace, replaces it, corrects the address and submits again
    const listed = (await t.http().get(`/api/v1/institutions/${instA.id}/documents`).set(operatorA.auth)).body;
    expect(listed.find((d: { kind: string }) => d.kind === 'BUSINESS_LICENSE').returnReason).toBe('复印件不清晰，请上传清晰的扫描件');
    await uploadDocument(t, operatorA.auth, instA.id, 'BUSINESS_LICENSE', { fileName: '营业执照（清晰扫描件）.pdf' }).expect(201);
    expect(
      (await t.http().patch(`/api/v1/institutions/${instA.id}`).set(operatorA.auth).send({ address: '茌平区信发街道阳光路1-3号' })).status,
    ).toBe(200);
    expect((await t.http().post(`/api/v1/institutions/${instA.id}/submit`).set(operatorA.auth)).body.status).toBe('SUBMITTED');
    // an operator cannot file their own institution
    expect((await t.http().post(`/api/v1/institutions/${instA.id}/approve`).set(operatorA.auth).send({})).status).toBe(403);

    for (const id of [instA.id, instB.id]) {
      const filed = await t.http().post(`/api/v1/institutions/${id}/approve`).set(admin.auth).send({});
      expect(filed.status).toBe(200);
      expect(filed.body.status).toBe('FILED');
      expect(filed.body.filingNumber).toMatch(/^茌托备〔\d{4}〕\d{4}号$/);
    }
    // once filed, the operator can no longer edit the filing
    const late = await t.http().patch(`/api/v1/institutions/${instA.id}`).set(operatorA.auth).send({ address: '别处' });
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('INSTITUTION_NOT_EDITABLE');

    // inclusive (普惠) designation with a guidance price, effective from July 2023
    for (const [id, price] of [
      [instA.id, 120000],
      [instB.id, 110000],
    ] as const) {
      const designated = await t
        .http()
        .post(`/api/v1/institutions/${id}/inclusive`)
        .set(admin.auth)
        .send({ guidancePriceFen: price, effectiveFrom: '2023-07' });
      expect(designated.status).toBe(200);
      expect(designated.body).toMatchObject({ inclusive: true, guidancePriceFen: price, inclusiveFrom: '2023-07' });
    }

    // public disclosure: both filed institutions, no bank account, no credit code
    const pub = await t.http().get('/api/v1/public/institutions').query({ township });
    expect(pub.status).toBe(200);
    expect(pub.body.items.map((i: { name: string }) => i.name).sort()).toEqual([instA.name, instB.name].sort());
    expect(JSON.stringify(pub.body)).not.toContain(instA.accountNumber);
    expect(JSON.stringify(pub.body)).not.toContain(instA.creditCode);

    // they were filed today, so August 2023 is not theirs yet ...
    expect(await eligibility(t, admin.auth, instA.id, MONTH)).toMatchObject({ filed: false, eligible: false });
    // ... the journey plays in 2023: the filing happened before August (the one database write, see backdateFiling)
    await backdateFiling(t, [instA.id, instB.id], '2023-07-01');
    expect(await eligibility(t, admin.auth, instA.id, MONTH)).toMatchObject({
      filed: true,
      inclusive: true,
      eligible: true,
      guidancePriceFen: 120000,
    });
    expect(await eligibility(t, operatorB.auth, instB.id, MONTH)).toMatchObject({ eligible: true, guidancePriceFen: 110000 });
  });

  it('the admin sets the August policy: at least 3 days of attendance', async () => {
    const policy = { effectiveFrom: MONTH, secondChildFen: 30000, thirdChildFen: 40000, minAttendanceDays: 3, maxAgeMonths: 36 };
    const res = await t.http().post('/api/v1/subsidy-policies').set(admin.auth).send(policy);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject(policy);
    expect((await t.http().post('/api/v1/subsidy-policies').set(operatorA.auth).send(policy)).status).toBe(403);
  });

  it('operators upload their August rosters (A as CSV, B as XLSX) and submit; the admin approves them', async () => {
    const upA = await t
      .http()
      .post(`/api/v1/institutions/${instA.id}/rosters/import?month=${MONTH}`)
      .set(operatorA.auth)
      .attach('file', rosterCsv(rowsA), { filename: '阳光托育2023年8月花名册.csv', contentType: 'text/csv' });
    expect(upA.status).toBe(201);
    expect(upA.body).toMatchObject({ institutionId: instA.id, month: MONTH, status: 'DRAFT' });
    expect(upA.body.summary).toMatchObject({ entryCount: 6, byBirthOrder: { first: 1, second: 3, thirdOrLater: 2 }, overThree: 1 });
    rosterA = upA.body.id;

    // operator B cannot upload for A
    const foreign = await t
      .http()
      .post(`/api/v1/institutions/${instA.id}/rosters/import?month=${MONTH}`)
      .set(operatorB.auth)
      .attach('file', await rosterXlsx(rowsB), '花名册.xlsx');
    expect(foreign.status).toBe(404);

    const upB = await t
      .http()
      .post(`/api/v1/institutions/${instB.id}/rosters/import?month=${MONTH}`)
      .set(operatorB.auth)
      .attach('file', await rosterXlsx(rowsB), {
        filename: '河畔2023年8月花名册.xlsx',
        contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      });
    expect(upB.status).toBe(201);
    // Tian is on A's roster too: the reviewer is warned (the operator is not told); the settlement pays Tian once
    expect(upB.body.summary).toMatchObject({
      entryCount: 6,
      byBirthOrder: { first: 1, second: 3, thirdOrLater: 2 },
      overThree: 0,
      alsoListedElsewhere: null,
    });
    rosterB = upB.body.id;
    const reviewB = await t.http().get(`/api/v1/rosters/${rosterB}`).set(admin.auth);
    expect(reviewB.body.summary).toMatchObject({ entryCount: 6, alsoListedElsewhere: 1, birthOrderConflicts: 0 });

    // every answer masks: the ID number shows its first 6 and last 4 characters, names are masked
    const entriesB = upB.body.entries as { rowIndex: number; idNumber: string; name: string; enrolledOn: string }[];
    expect(entriesB.map((e) => e.idNumber)).toEqual(rowsB.map((r) => maskIdNumber(r.kid.idNumber)));
    expect(entriesB.find((e) => e.rowIndex === 6)?.enrolledOn).toBe('2023-08-14'); // header on row 2, Tian on row 6
    const bodyText = JSON.stringify([upA.body, upB.body]);
    for (const r of [...rowsA, ...rowsB]) {
      expect(bodyText).not.toContain(r.kid.idNumber);
      expect(bodyText).not.toContain(r.kid.name);
    }

    for (const [op, id] of [
      [operatorA, rosterA],
      [operatorB, rosterB],
    ] as const) {
      expect((await t.http().post(`/api/v1/rosters/${id}/submit`).set(op.auth)).body.status).toBe('SUBMITTED');
      expect((await t.http().post(`/api/v1/rosters/${id}/approve`).set(op.auth)).status).toBe(403);
      const approved = await t.http().post(`/api/v1/rosters/${id}/approve`).set(admin.auth);
      expect(approved.status).toBe(200);
      expect(approved.body.status).toBe('APPROVED');
    }
  });

  it('the admin settles August: 202, the queued run completes, every child has the right amount or reason', async () => {
    expect((await t.http().post('/api/v1/settlements').set(finance.auth).send({ month: MONTH })).status).toBe(403);
    settlement = await runSettlement(t, admin.auth, MONTH);

    expect(settlement.totals).toEqual({ paidChildren: 6, secondChildCount: 3, thirdChildCount: 3, amountFen: 210000 });
    expect(settlement.institutions).toHaveLength(2);
    expect(part(settlement, instA.id)).toEqual({
      institutionId: instA.id,
      institutionName: instA.name,
      paidChildren: 2,
      secondChildCount: 1,
      thirdChildCount: 1,
      subsidyFen: 70000,
      adjustmentFen: 0,
      carriedInFen: 0,
      amountFen: 70000,
      carriedForwardFen: 0,
    });
    expect(part(settlement, instB.id)).toMatchObject({
      paidChildren: 4,
      secondChildCount: 2,
      thirdChildCount: 2,
      subsidyFen: 140000,
      amountFen: 140000,
    });

    // one line per child and institution, with the reason in the API's codes; the ID number masked
    const lines = await allLines(t, admin.auth, settlement.id);
    const expected = [...rowsA.map((r) => ({ institutionId: instA.id, r })), ...rowsB.map((r) => ({ institutionId: instB.id, r }))].map(
      ({ institutionId, r }) => ({
        idNumber: maskIdNumber(r.kid.idNumber),
        institutionId,
        forMonth: MONTH,
        birthOrder: r.birthOrder,
        amountFen: r.expected.amountFen,
        reason: r.expected.reason,
      }),
    );
    const key = (l: { institutionId: string; idNumber: string }) => `${l.institutionId}|${l.idNumber}`;
    const sorted = <T extends { institutionId: string; idNumber: string }>(xs: T[]) => [...xs].sort((x, y) => (key(x) < key(y) ? -1 : 1));
    expect(
      sorted(
        lines.map(({ idNumber, institutionId, forMonth, birthOrder, amountFen, reason }) => ({
          idNumber,
          institutionId,
          forMonth,
          birthOrder,
          amountFen,
          reason,
        })),
      ),
    ).toEqual(sorted(expected));
    // Tian: the same child at both institutions, paid once
    const tianLines = lines.filter((l) => l.idNumber === maskIdNumber(tian.idNumber));
    expect(new Set(tianLines.map((l) => l.childId)).size).toBe(1);
    expect(tianLines.map((l) => l.reason).sort()).toEqual(['PAID_ELSEWHERE', 'PAID_THIRD_CHILD']);

    const overAge = await allLines(t, admin.auth, settlement.id, { reason: 'OVER_AGE' });
    expect(overAge.map((l) => l.institutionId)).toEqual([instA.id]);
  });

  it('each operator sees only their own institution’s part', async () => {
    const seenA = await t.http().get(`/api/v1/settlements/${settlement.id}`).set(operatorA.auth);
    expect(seenA.status).toBe(200);
    expect(seenA.body.institutions.map((p: InstitutionPart) => p.institutionId)).toEqual([instA.id]);
    expect(seenA.body.totals).toEqual({ paidChildren: 2, secondChildCount: 1, thirdChildCount: 1, amountFen: 70000 });

    const linesA = await allLines(t, operatorA.auth, settlement.id);
    expect(linesA).toHaveLength(rowsA.length);
    expect(new Set(linesA.map((l) => l.institutionId))).toEqual(new Set([instA.id]));
    const otherFilter = await t
      .http()
      .get(`/api/v1/settlements/${settlement.id}/lines`)
      .query({ institutionId: instB.id })
      .set(operatorA.auth);
    expect(otherFilter.status).toBe(404);
    expect((await allLines(t, operatorB.auth, settlement.id, { institutionId: instB.id })).length).toBe(rowsB.length);
  });

  it('the admin publishes the notice: the public sees names and totals only; approval locks the month', async () => {
    // no public notice before publication
    expect((await t.http().get(`/api/v1/public/settlements/${settlement.id}`)).status).toBe(404);

    const published = await t.http().post(`/api/v1/settlements/${settlement.id}/publish`).set(admin.auth);
    expect(published.status).toBe(200);
    expect(published.body.status).toBe('PUBLISHED');
    settlement = published.body;

    const notice = await t.http().get(`/api/v1/public/settlements/${settlement.id}`); // no sign-in
    expect(notice.status).toBe(200);
    expect(notice.body).toMatchObject({
      month: MONTH,
      status: 'PUBLISHED',
      totals: { institutions: 2, paidChildren: 6, secondChildCount: 3, thirdChildCount: 3, amountFen: 210000 },
    });
    expect(notice.body.institutions).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          name: instA.name,
          paidChildren: 2,
          secondChildCount: 1,
          thirdChildCount: 1,
          adjustmentFen: 0,
          amountFen: 70000,
        }),
        expect.objectContaining({
          name: instB.name,
          paidChildren: 4,
          secondChildCount: 2,
          thirdChildCount: 2,
          adjustmentFen: 0,
          amountFen: 140000,
        }),
      ]),
    );
    const publicText = JSON.stringify(notice.body);
    for (const secret of [...everyIdNumber, ...everyIdNumber.map(maskIdNumber), ...[...rowsA, ...rowsB].map((r) => r.kid.name)]) {
      expect(publicText).not.toContain(secret);
    }
    for (const secret of [instA.accountNumber, instB.accountNumber, instA.creditCode, instB.creditCode, '中国农业银行']) {
      expect(publicText).not.toContain(secret);
    }

    settlement = await publishAndApprove(t, admin.auth, settlement);
    for (const id of [rosterA, rosterB]) {
      expect((await t.http().get(`/api/v1/rosters/${id}`).set(admin.auth)).body.status).toBe('LOCKED');
    }
    const again = await t.http().post('/api/v1/settlements').set(admin.auth).send({ month: MONTH });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('SETTLEMENT_APPROVED');
    // a locked roster is not edited; a new roster for the month is refused
    const edit = await t.http().put(`/api/v1/rosters/${rosterA}`).set(operatorA.auth).send({ entries: [] });
    expect(edit.status).toBe(409);
    const lateRoster = await t
      .http()
      .post(`/api/v1/institutions/${instA.id}/rosters/import?month=${MONTH}`)
      .set(operatorA.auth)
      .attach('file', rosterCsv(rowsA.slice(0, 1)), '补报.csv');
    expect(lateRoster.status).toBe(409);
  });

  it('finance downloads the payment file (CSV and XLSX) and its figures are the settlement’s', async () => {
    const byCode = [instA, instB].sort((x, y) => (x.creditCode < y.creditCode ? -1 : 1));
    const amount = (id: string) => (id === instA.id ? '700.00' : '1400.00');
    const counts = (id: string) => (id === instA.id ? ['1', '1'] : ['2', '2']);

    const csvRes = await t.http().get(`/api/v1/settlements/${settlement.id}/export?format=csv`).set(finance.auth).responseType('blob');
    expect(csvRes.status).toBe(200);
    const csvBody = csvRes.body as Buffer;
    expect([...csvBody.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const records = parse(csvBody.toString('utf8').slice(1), { relax_column_count: true }) as string[][];
    expect(records[2]).toEqual(['月份', MONTH]);
    expect(records[4]).toEqual(['状态', '已审核']);
    // digits and amounts as ="…" so a spreadsheet program shows them exactly; 凭证号 and 支付日期 left to fill in
    const shown = (text: string) => (/^-?\d+(\.\d+)?$/.test(text) ? `="${text}"` : text);
    expect(records.slice(9, 11)).toEqual(
      byCode.map((i) => [
        i.name,
        shown(i.creditCode),
        '中国农业银行茌平支行',
        i.name,
        shown(i.accountNumber),
        ...counts(i.id),
        '="0.00"',
        shown(amount(i.id)),
        '',
        '',
      ]),
    );
    expect(records[11]).toEqual(['合计', '', '', '', '', '3', '3', '="0.00"', '="2100.00"', '', '']);
    expect(records.slice(13, 17)).toEqual([['控制合计'], ['机构数', '2'], ['儿童数', '6'], ['金额合计(元)', '="2100.00"']]);
    for (const id of everyIdNumber) expect(csvBody.toString('utf8')).not.toContain(id);

    const xlsxRes = await t.http().get(`/api/v1/settlements/${settlement.id}/export?format=xlsx`).set(finance.auth).responseType('blob');
    expect(xlsxRes.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsxRes.body as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0];
    const values = (r: number) => (sheet.getRow(r).values as unknown[]).slice(1);
    expect(values(10)).toEqual([
      byCode[0].name,
      byCode[0].creditCode,
      '中国农业银行茌平支行',
      byCode[0].name,
      byCode[0].accountNumber,
      ...counts(byCode[0].id).map(Number),
      0,
      Number(amount(byCode[0].id)),
    ]);
    expect(values(11)).toEqual([
      byCode[1].name,
      byCode[1].creditCode,
      '中国农业银行茌平支行',
      byCode[1].name,
      byCode[1].accountNumber,
      ...counts(byCode[1].id).map(Number),
      0,
      Number(amount(byCode[1].id)),
    ]);
    expect(values(12)).toEqual(['合计', undefined, undefined, undefined, undefined, 3, 3, 0, 2100]);
    expect([14, 15, 16, 17].map((r) => values(r).slice(0, 2))).toEqual([
      ['控制合计'],
      ['机构数', 2],
      ['儿童数', 6],
      ['金额合计(元)', 2100],
    ]);

    // operators do not download payment files
    expect((await t.http().get(`/api/v1/settlements/${settlement.id}/export?format=csv`).set(operatorA.auth)).status).toBe(403);
  });

  it('finance records payments; B is underpaid at first, then paid in full, and the month is PAID', async () => {
    const pay = (payments: { institutionId: string; amountFen: number }[]) =>
      t
        .http()
        .post(`/api/v1/settlements/${settlement.id}/payments`)
        .set(finance.auth)
        .send({ payments: payments.map((p) => ({ ...p, voucherNo: unique('PZ2023'), paidOn: '2023-09-15' })) });

    expect((await t.http().post(`/api/v1/settlements/${settlement.id}/payments`).set(admin.auth).send({ payments: [] })).status).toBe(403);

    const first = await pay([
      { institutionId: instA.id, amountFen: 70000 },
      { institutionId: instB.id, amountFen: 100000 },
    ]);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ recorded: 2, expectedFen: 210000, paidFen: 170000, outstandingFen: 40000 });

    const underpaid = await t.http().get(`/api/v1/settlements/${settlement.id}/reconciliation`).set(finance.auth);
    expect(underpaid.status).toBe(200);
    expect(underpaid.body).toMatchObject({
      status: 'APPROVED',
      expectedFen: 210000,
      paidFen: 170000,
      outstandingFen: 40000,
      matched: false,
    });
    expect(underpaid.body.discrepancies).toEqual([
      expect.objectContaining({ institutionId: instB.id, kind: 'UNDERPAID', expectedFen: 140000, paidFen: 100000, differenceFen: -40000 }),
    ]);
    // operator B sees the shortfall of their own institution only
    const seenB = await t.http().get(`/api/v1/settlements/${settlement.id}/reconciliation`).set(operatorB.auth);
    expect(seenB.body).toMatchObject({ expectedFen: 140000, paidFen: 100000, outstandingFen: 40000 });

    const rest = await pay([{ institutionId: instB.id, amountFen: 40000 }]);
    expect(rest.status).toBe(201);
    const paid = await t.http().get(`/api/v1/settlements/${settlement.id}/reconciliation`).set(auditor.auth);
    expect(paid.body).toMatchObject({
      status: 'PAID',
      expectedFen: 210000,
      paidFen: 210000,
      outstandingFen: 0,
      matched: true,
      discrepancies: [],
    });
    expect((await t.http().get(`/api/v1/settlements/${settlement.id}`).set(admin.auth)).body.status).toBe('PAID');
  });

  it('the auditor finds an intact audit chain with every step of the month, and no personal data in it or in the log', async () => {
    const verify = await t.http().get('/api/v1/audit-logs/verify').set(auditor.auth);
    expect(verify.status).toBe(200);
    expect(verify.body).toMatchObject({ valid: true });
    expect(verify.body.checked).toBeGreaterThan(0);

    expect(await auditActions(t, auditor.auth, 'Institution', instA.id)).toEqual([
      'INSTITUTION_CREATED',
      'INSTITUTION_UPDATED',
      'INSTITUTION_SUBMITTED',
      'INSTITUTION_RETURNED',
      'INSTITUTION_UPDATED',
      'INSTITUTION_SUBMITTED',
      'INSTITUTION_FILED',
      'INCLUSIVE_DESIGNATED',
    ]);
    // the settlement's approval locked the roster: that is a state change of the roster too
    expect(await auditActions(t, auditor.auth, 'Roster', rosterB)).toEqual([
      'ROSTER_CREATED',
      'ROSTER_SUBMITTED',
      'ROSTER_APPROVED',
      'ROSTER_LOCKED',
    ]);
    const settled = await auditActions(t, auditor.auth, 'Settlement', settlement.id);
    expect(settled).toEqual(
      expect.arrayContaining([
        'SETTLEMENT_QUEUED',
        'SETTLEMENT_STARTED',
        'SETTLEMENT_COMPUTED',
        'SETTLEMENT_PUBLISHED',
        'SETTLEMENT_APPROVED',
        'EXPORT_GENERATED',
        'PAYMENTS_RECORDED',
        'SETTLEMENT_PAID',
      ]),
    );
    expect(settled.filter((a) => a === 'SETTLEMENT_APPROVED')).toHaveLength(1);
    expect(settled.filter((a) => a === 'PAYMENTS_RECORDED')).toHaveLength(2);
    expect(settled.filter((a) => a === 'SETTLEMENT_PAID')).toHaveLength(1);
    // the approval is the logged-in admin's, the computation the worker's
    const approvals = await t
      .http()
      .get('/api/v1/audit-logs')
      .query({ entityId: settlement.id, action: 'SETTLEMENT_APPROVED' })
      .set(auditor.auth);
    expect(approvals.body.items[0]).toMatchObject({ actorId: admin.id, role: 'admin' });
    const computed = await t
      .http()
      .get('/api/v1/audit-logs')
      .query({ entityId: settlement.id, action: 'SETTLEMENT_COMPUTED' })
      .set(auditor.auth);
    expect(computed.body.items[0]).toMatchObject({ role: 'system' });
    // operators and finance do not read the audit log
    expect((await t.http().get('/api/v1/audit-logs/verify').set(operatorA.auth)).status).toBe(403);

    const entries = await t
      .http()
      .get('/api/v1/audit-logs')
      .query({ entityType: 'Roster', entityId: rosterA, pageSize: 200 })
      .set(auditor.auth);
    const auditText = JSON.stringify(entries.body);
    for (const r of [...rowsA, ...rowsB]) {
      expect(auditText).not.toContain(r.kid.idNumber);
      expect(auditText).not.toContain(r.kid.name);
    }

    const log = readFileSync(t.config.logFile!, 'utf8');
    expect(log.length).toBeGreaterThan(0);
    for (const id of everyIdNumber) expect(log).not.toContain(id);
  });
});
