import iconv from 'iconv-lite';
import { readFileSync } from 'node:fs';
import { residentIdCheckChar } from '../../src/common/identity/resident-id';
import { PiiCipher } from '../../src/infra/crypto/pii-cipher';
import { createFiledInstitution } from '../utils/factories';
import { createTestApp, TestApp } from '../utils/test-app';
import { csv, entry, EntryBody, HEADER, xlsx } from './roster-fixtures';

type User = Awaited<ReturnType<TestApp['userWithToken']>>;
const MONTH = '2026-03';

describe('Roster creation and import: validation, file formats, atomicity', () => {
  let t: TestApp;
  let admin: User;
  const usedIds: string[] = [];
  const remember = <T extends EntryBody>(e: T) => (usedIds.push(e.idNumber), e);

  beforeAll(async () => {
    t = await createTestApp({ env: { UPLOAD_LIMIT_BYTES: String(400 * 1024) } });
    admin = await t.userWithToken('admin');
  });
  afterAll(() => t.close());

  async function setup(slots = 50) {
    const institution = await createFiledInstitution(t.prisma, { data: { approvedSlots: slots } });
    const operator = await t.userWithToken('operator', institution.id);
    return { institution, operator };
  }

  function upload(user: User, institutionId: string, body: Buffer, filename: string, month = MONTH) {
    return t
      .http()
      .post(`/api/v1/institutions/${institutionId}/rosters/import?month=${month}`)
      .set(user.auth)
      .attach('file', body, filename);
  }

  async function nothingStored(institutionId: string, ids: string[]) {
    expect(await t.prisma.roster.count({ where: { institutionId } })).toBe(0);
    const cipher = t.app.get(PiiCipher);
    expect(await t.prisma.child.count({ where: { idHash: { in: ids.map((id) => cipher.hmac(id)) } } })).toBe(0);
  }

  it('reports every problem of a JSON roster at once, by array index, and stores nothing', async () => {
    const { institution, operator } = await setup(5);
    const first17 = '371523' + '20230229' + '123';
    const good = remember(entry());
    const entries = [
      good,
      remember(entry({ idNumber: first17 + residentIdCheckChar(first17) })), // valid checksum, impossible date
      remember(entry({ idNumber: good.idNumber.slice(0, 17) + (good.idNumber[17] === '1' ? '2' : '1') })), // checksum
      remember(entry({ birthOrder: 0 })),
      remember(entry({ attendanceDays: 32 })),
      remember(entry({ enrolledOn: '2026-04-02' })),
      remember(entry({ withdrawnOn: '2026-02-27' })),
      { ...good },
      remember(entry({ name: '', guardianName: undefined as unknown as string })),
    ];
    const res = await t
      .http()
      .post(`/api/v1/institutions/${institution.id}/rosters`)
      .set(operator.auth)
      .send({ month: MONTH, entries })
      .expect(422);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.details.map((d: { index?: number; field: string; code: string }) => [d.index, d.field, d.code])).toEqual([
      [1, 'idNumber', 'ID_NUMBER_INVALID'],
      [2, 'idNumber', 'ID_NUMBER_INVALID'],
      [3, 'birthOrder', 'BIRTH_ORDER_INVALID'],
      [4, 'attendanceDays', 'ATTENDANCE_OUT_OF_RANGE'],
      [5, 'enrolledOn', 'DATE_INVALID'],
      [6, 'withdrawnOn', 'DATE_INVALID'],
      [7, 'idNumber', 'DUPLICATE_IN_ROSTER'],
      [8, 'name', 'REQUIRED'],
      [8, 'guardianName', 'REQUIRED'],
      [undefined, 'entries', 'OVER_CAPACITY'],
    ]);
    for (const d of res.body.details) expect(d.message).toEqual(expect.any(String));
    const text = JSON.stringify(res.body);
    for (const e of entries) {
      if (e.idNumber) expect(text).not.toContain(e.idNumber);
      if (e.name) expect(text).not.toContain(e.name);
    }
    await nothingStored(institution.id, usedIds);
    expect(
      await t.prisma.auditLog.count({ where: { entityType: 'Roster', after: { path: ['institutionId'], equals: institution.id } } }),
    ).toBe(0);
  });

  it('rejects unknown entry fields (400) and non-arrays (422)', async () => {
    const { institution, operator } = await setup();
    const url = `/api/v1/institutions/${institution.id}/rosters`;
    expect(
      (
        await t
          .http()
          .post(url)
          .set(operator.auth)
          .send({ month: MONTH, entries: [{ ...entry(), nickname: 'x' }] })
          .expect(400)
      ).body.code,
    ).toBe('UNKNOWN_FIELD');
    await t.http().post(url).set(operator.auth).send({ month: MONTH, entries: 'all of them' }).expect(422);
    await t
      .http()
      .post(url)
      .set(operator.auth)
      .send({ month: '2026-3', entries: [entry()] })
      .expect(422);
  });

  it('refuses more than 5,000 entries in JSON', async () => {
    const { institution, operator } = await setup(6000);
    const one = entry();
    const entries = Array.from({ length: 5001 }, () => one);
    const res = await t
      .http()
      .post(`/api/v1/institutions/${institution.id}/rosters`)
      .set(operator.auth)
      .send({ month: MONTH, entries })
      .expect(422);
    expect(res.body.code).toBe('TOO_MANY_ENTRIES');
  });

  it('imports a UTF-8 CSV with BOM, rows numbered as in the file, masked in the answer', async () => {
    const { institution, operator } = await setup();
    const entries = [remember(entry({ birthOrder: 1 })), remember(entry({ birthOrder: 3, withdrawnOn: '2026-03-20', attendanceDays: 12 }))];
    const body = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csv(entries), 'utf8')]);
    const res = await upload(operator, institution.id, body, '花名册.csv').expect(201);
    expect(res.body).toMatchObject({ status: 'DRAFT', month: MONTH, summary: expect.objectContaining({ entryCount: 2 }) });
    expect(res.body.entries.map((e: { rowIndex: number }) => e.rowIndex)).toEqual([2, 3]);
    expect(res.body.entries[1]).toMatchObject({
      idNumber: entries[1].idNumber.slice(0, 6) + '********' + entries[1].idNumber.slice(-4),
      name: entries[1].name[0] + '*'.repeat([...entries[1].name].length - 1),
      guardianName: '测***',
      guardianPhone: '*******1111',
      birthOrder: 3,
      enrolledOn: '2025-09-01',
      withdrawnOn: '2026-03-20',
      attendanceDays: 12,
    });
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('imports a UTF-8 CSV without BOM and a GBK CSV (Excel on Chinese Windows)', async () => {
    const a = await setup();
    const plain = [remember(entry())];
    // the admin may upload for any institution
    await upload(admin, a.institution.id, Buffer.from(csv(plain), 'utf8'), 'roster.csv').expect(201);

    const b = await setup();
    const gbk = [remember(entry()), remember(entry())];
    const res = await upload(b.operator, b.institution.id, iconv.encode(csv(gbk), 'gbk'), 'roster.csv').expect(201);
    expect(res.body.entries).toHaveLength(2);
    expect(res.body.entries[0].guardianName).toBe('测***');
    expect(res.body.entries[0].name.startsWith('测')).toBe(true);
  });

  it('reports GBK CSV problems by spreadsheet row (header = row 1) and stores nothing', async () => {
    const { institution, operator } = await setup();
    const entries = [remember(entry()), remember(entry({ birthOrder: 12 })), remember(entry({ attendanceDays: '三十' }))];
    const res = await upload(operator, institution.id, iconv.encode(csv(entries), 'gbk'), 'roster.csv').expect(422);
    expect(res.body.details.map((d: { index: number; code: string }) => [d.index, d.code])).toEqual([
      [3, 'BIRTH_ORDER_INVALID'],
      [4, 'ATTENDANCE_OUT_OF_RANGE'],
    ]);
    await nothingStored(
      institution.id,
      entries.map((e) => e.idNumber),
    );
  });

  it('imports XLSX with numbers stored as numbers or as text, dates as dates, serials or text, ignoring empty rows at the end', async () => {
    const { institution, operator } = await setup();
    const [a, b, c] = [remember(entry()), remember(entry()), remember(entry())];
    const buffer = await xlsx([
      [a.idNumber, a.name, 2, a.guardianName, 13800001111, new Date(Date.UTC(2025, 8, 1)), null, 20],
      [b.idNumber, b.name, '3', b.guardianName, '13800002222', 45901, '2026/3/20', '15'],
      [c.idNumber, c.name, 1, c.guardianName, null, '2025-09-01', null, 0],
      [null, null, null, null, null, null, null, null],
      [],
      ['', '', '', '', '', '', '', ''],
    ]);
    const res = await upload(operator, institution.id, buffer, 'roster.xlsx').expect(201);
    expect(
      res.body.entries.map(
        (e: { rowIndex: number; birthOrder: number; attendanceDays: number; enrolledOn: string; withdrawnOn: string | null }) => [
          e.rowIndex,
          e.birthOrder,
          e.attendanceDays,
          e.enrolledOn,
          e.withdrawnOn,
        ],
      ),
    ).toEqual([
      [2, 2, 20, '2025-09-01', null],
      [3, 3, 15, '2025-09-01', '2026-03-20'],
      [4, 1, 0, '2025-09-01', null],
    ]);
    expect(res.body.entries[0].guardianPhone).toBe('*******1111');
  });

  it('refuses an ID number Excel stored as a number (precision lost), naming the row', async () => {
    const { institution, operator } = await setup();
    const a = remember(entry());
    const buffer = await xlsx([
      [a.idNumber, a.name, 2, a.guardianName, null, '2025-09-01', null, 20],
      [Number('371523202405101234'), '测试儿童1', 2, '家长', null, '2025-09-01', null, 20],
    ]);
    const res = await upload(operator, institution.id, buffer, 'roster.xlsx').expect(422);
    expect(res.body.details).toEqual([expect.objectContaining({ index: 3, field: 'idNumber', code: 'ID_NUMBER_INVALID' })]);
    await nothingStored(institution.id, [a.idNumber]);
  });

  it('answers a wrong header, a wrong file type, a missing file and an oversized file clearly', async () => {
    const { institution, operator } = await setup();
    const noHeader = await upload(operator, institution.id, Buffer.from('号码,姓名,孩次\n1,2,3\n'), 'r.csv').expect(422);
    expect(noHeader.body.code).toBe('HEADER_INVALID');
    expect(noHeader.body.message).toContain('身份证号');
    expect(noHeader.body.details.map((d: { field: string }) => d.field)).toEqual([
      '身份证号',
      '监护人',
      '联系电话',
      '入托日期',
      '离托日期',
      '出勤天数',
    ]);

    expect((await upload(operator, institution.id, Buffer.from('hello'), 'notes.txt').expect(422)).body.code).toBe('FILE_TYPE_UNSUPPORTED');
    const none = await t
      .http()
      .post(`/api/v1/institutions/${institution.id}/rosters/import?month=${MONTH}`)
      .set(operator.auth)
      .field('x', 'y');
    expect(none.status).toBe(422);

    const big = Buffer.from(HEADER.join(',') + '\n' + 'x'.repeat(500 * 1024));
    const tooBig = await upload(operator, institution.id, big, 'big.csv').expect(413);
    expect(tooBig.body).toMatchObject({ statusCode: 413, code: 'PAYLOAD_TOO_LARGE' });
    await upload(operator, institution.id, Buffer.from(csv([entry()])), 'r.csv', '2026-13').expect(422);
    expect(await t.prisma.roster.count({ where: { institutionId: institution.id } })).toBe(0);
  });

  it('refuses an XLSX of more than 5,000 children', async () => {
    const { institution, operator } = await setup(6000);
    const row = entry();
    const rows = Array.from({ length: 5001 }, () => [row.idNumber, row.name, 2, '家长', null, '2025-09-01', null, 10]);
    const res = await upload(operator, institution.id, await xlsx(rows), 'big.xlsx').expect(422);
    expect(res.body.code).toBe('TOO_MANY_ENTRIES');
  });

  it('lets an operator replace a DRAFT from a file; the log holds none of the ID numbers used', async () => {
    const { institution, operator } = await setup();
    const first = [remember(entry())];
    const id = (await upload(operator, institution.id, Buffer.from(csv(first)), 'r.csv').expect(201)).body.id;
    const second = [remember(entry()), remember(entry())];
    const res = await t
      .http()
      .put(`/api/v1/rosters/${id}/import`)
      .set(operator.auth)
      .attach('file', Buffer.from(csv(second)), 'r.csv')
      .expect(200);
    expect(res.body.entries).toHaveLength(2);

    const log = readFileSync(t.config.logFile!, 'utf8');
    expect(log.length).toBeGreaterThan(0);
    for (const idNumber of usedIds) expect(log).not.toContain(idNumber);
    expect(log).not.toMatch(/测试儿童\d+/);
  });
});
