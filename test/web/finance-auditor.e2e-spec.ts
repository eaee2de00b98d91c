import ExcelJS from 'exceljs';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import {
  backdateFiling,
  childName,
  freshCreditCode,
  freshResidentId,
  publishAndApprove,
  runSettlement,
  unique,
} from '../journeys/journey-support';
import { launchChromium, newPage } from '../utils/browser';
import { choose, confirm, expectAccessible, menuLabels, screenshot, signIn } from '../utils/console-pages';
import { LibreOffice } from '../utils/libreoffice';
import { startConsoleServer, submitFiling } from '../utils/console-server';
import type { TestApp } from '../utils/test-app';

/**
 * The finance bureau's and the auditor's pages in a real Chromium against the real server (with its workers),
 * database and Redis. The month is approved through the API; then finance downloads the payment file (opened by
 * LibreOffice), uploads a bank return with one bad row and sees the row, uploads it fixed, is refused closing the
 * month while one institution is underpaid, records the rest by form (one line refused by the server, by line and
 * field, then fixed): the month is paid and closed; the year summary shows the month and exports it; a grant's
 * district share is disbursed in part. The auditor visits every page of the menu and finds no action, verifies the
 * chain, filters the log, opens an entry's before/after and exports the filtered log. axe-core on every page.
 * `SCREENSHOTS=docs/images` (npm run screenshots) also saves the pages for the docs.
 */
jest.setTimeout(420_000);

const MONTH = '2024-03';
const YEAR = 2024;
const TOWNSHIP = '371523101';

/**
 * Buttons an auditor may see: reading, filtering, navigating and exporting (every action button carries
 * `data-action`, and an auditor's page has none). Whitespace is removed before matching (antd spaces 2-character
 * labels: 查 询).
 */
// (IncreaseValue / DecreaseValue: the step buttons of a number filter such as 查看年份)
const READING =
  /^(查询|查找|清除条件|重置|查看.*|展开行|关闭行|收起|校验哈希链|导出.*|下载对账表.*|只看此人|只看此记录|\d{4}年\d{1,2}月|打印.*|返回.*|上一页|下一页|刷新|IncreaseValue|DecreaseValue)$/;

/** The label of every visible button in the page's main part (paging, pickers and selects aside), whitespace removed. */
async function buttonsOnPage(page: Page): Promise<string[]> {
  // a string, run in the page: the test's TypeScript has no DOM types
  return (await page.evaluate(`
    Array.from(document.querySelectorAll('main button, main a.ant-btn, main [role="button"]'))
      .filter((el) => !el.closest('.ant-pagination, .ant-picker, .ant-select, .ant-table-column-sorters'))
      .filter((el) => el.offsetParent !== null)
      .map((el) => (el.innerText || el.getAttribute('aria-label') || el.getAttribute('title') || '?').replace(/\\s/g, ''))
  `)) as string[];
}

describe('web console: the finance bureau’s and the auditor’s pages in the browser', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let boot: { Authorization: string };
  const office = new LibreOffice();
  const files = mkdtempSync(join(tmpdir(), 'childcare-finance-'));
  const people = {
    admin2: { username: unique('weijian2'), password: 'Health-bureau-second-2024' },
    finance: { username: unique('caizheng'), password: 'Finance-bureau-2024' },
    auditor: { username: unique('shenji'), password: 'Audit-office-2024' },
  };
  const inst = {
    a: { id: '', name: unique('向阳托育园'), creditCode: freshCreditCode() },
    b: { id: '', name: unique('小星星托育园'), creditCode: freshCreditCode() },
  };
  let settlementId = '';
  let grantId = '';

  const register = async (i: { id: string; name: string; creditCode: string }) => {
    await submitFiling(t, boot, i, TOWNSHIP, '茌平区振兴街道河畔路9号');
    await t.http().post(`/api/v1/institutions/${i.id}/approve`).set(boot).send({}).expect(200);
    await t
      .http()
      .post(`/api/v1/institutions/${i.id}/inclusive`)
      .set(boot)
      .send({ guidancePriceFen: 120000, effectiveFrom: '2024-01' })
      .expect(200);
  };

  const approvedRoster = async (institutionId: string, kids: { birthDate: string; birthOrder: number }[]) => {
    const entries = kids.map((k) => ({
      idNumber: freshResidentId(k.birthDate),
      name: childName(),
      birthOrder: k.birthOrder,
      guardianName: '李家长',
      guardianPhone: '13800002222',
      enrolledOn: '2024-01-02',
      attendanceDays: 20,
    }));
    const roster = await t
      .http()
      .post(`/api/v1/institutions/${institutionId}/rosters`)
      .set(boot)
      .send({ month: MONTH, entries })
      .expect(201);
    await t.http().post(`/api/v1/rosters/${roster.body.id}/submit`).set(boot).expect(200);
    await t.http().post(`/api/v1/rosters/${roster.body.id}/approve`).set(boot).expect(200);
  };

  const bankFile = (name: string, rows: string[][]) => {
    const path = join(files, name);
    writeFileSync(
      path,
      '\uFEFF' + [['统一社会信用代码', '金额(元)', '凭证号', '支付日期'], ...rows].map((r) => r.join(',')).join('\r\n') + '\r\n',
    );
    return path;
  };

  const reconciliation = async () =>
    (await t.http().get(`/api/v1/settlements/${settlementId}/reconciliation`).set(boot).expect(200)).body as {
      status: string;
      paidFen: number;
      institutions: { institutionId: string; payments: { amountFen: number; voucherNo: string }[] }[];
    };

  beforeAll(async () => {
    ({ t, base, boot } = await startConsoleServer(people, { code: TOWNSHIP, name: '振兴街道', population: 80000 }));
    for (const i of [inst.a, inst.b]) await register(i);
    await backdateFiling(t, [inst.a.id, inst.b.id], '2024-01-01');
    // A: a second and a third child (300 + 400 yuan); B: a second child (300 yuan)
    await approvedRoster(inst.a.id, [
      { birthDate: '2022-08-15', birthOrder: 2 },
      { birthDate: '2023-01-09', birthOrder: 3 },
    ]);
    await approvedRoster(inst.b.id, [{ birthDate: '2022-10-01', birthOrder: 2 }]);
    const settled = await publishAndApprove(t, boot, await runSettlement(t, boot, MONTH));
    settlementId = settled.id;
    expect(settled.totals.amountFen).toBe(100000);

    // an award of 10,000 yuan (district funds) for A, created by one admin and approved by another, under a budget
    await t.http().put(`/api/v1/budgets/${YEAR}/DISTRICT`).set(boot).send({ amountFen: 5_000_000 }).expect(200);
    const grant = await t
      .http()
      .post('/api/v1/grants')
      .set(boot)
      .send({ institutionId: inst.a.id, kind: 'ADVANCED_AWARD', year: YEAR, amountFen: 1_000_000 })
      .expect(201);
    grantId = grant.body.id;
    const login = await t.http().post('/api/v1/auth/login').send(people.admin2).expect(200);
    await t
      .http()
      .post(`/api/v1/grants/${grantId}/approve`)
      .set({ Authorization: `Bearer ${login.body.accessToken as string}` })
      .expect(200);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    office.close();
    rmSync(files, { recursive: true, force: true });
  });

  it('finance downloads the payment file, imports the bank return (one bad row, then fixed), records the rest by form and the month closes as paid', async () => {
    const page = await newPage(browser, base);
    await signIn(page, people.finance.username, people.finance.password);
    expect(await menuLabels(page)).toEqual(['工作台', '拨付与对账', '年度汇总', '补助拨付', '托育机构名录', '补贴公示']);
    await expectAccessible(page);
    await page.getByRole('link', { name: '拨付与对账', exact: true }).click();
    await page.getByRole('heading', { name: '拨付与对账' }).waitFor();
    await page.getByText('2024年3月拨付').waitFor();
    await page.locator('.reconciled-institutions tbody tr', { hasText: inst.b.name }).waitFor();
    // every action of the page is marked: this is what the auditor's pages are checked for
    expect(await page.locator('main [data-action]').count()).toBeGreaterThanOrEqual(4);
    await expectAccessible(page);

    // the payment file: an XLSX that LibreOffice opens, listing both institutions with their amounts
    const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /下载支付清单（XLSX）/ }).click()]);
    expect(xlsx.suggestedFilename()).toBe(`茌平区托育补贴支付清单_${MONTH}.xlsx`);
    const sheets = await office.cells(readFileSync(await xlsx.path()), 'xlsx');
    const shown = [...sheets.values()][0];
    const rowOf = (code: string) => shown.find((r) => r.includes(code));
    expect(rowOf(inst.a.creditCode)).toEqual(expect.arrayContaining([inst.a.name, '700.00']));
    expect(rowOf(inst.b.creditCode)).toEqual(expect.arrayContaining([inst.b.name, '300.00']));

    // a bank return with one bad amount: nothing is recorded, the row and column are shown
    const upload = page.locator('.file-upload input[type=file]');
    await upload.setInputFiles(
      bankFile('回单-有错.csv', [
        [inst.a.creditCode, '700.00', 'PZ-A-1', '2024-04-10'],
        [inst.b.creditCode, '1OO.00', 'PZ-B-1', '2024-04-10'],
      ]),
    );
    await page.getByText(/回单-有错\.csv未能导入，没有保存任何内容/).waitFor();
    const problems = page.locator('.file-upload .problem-table tbody tr');
    await problems.first().waitFor();
    expect(await problems.count()).toBe(1);
    expect(await problems.first().innerText()).toMatch(/第 3 行[\s\S]*金额/);
    expect((await reconciliation()).paidFen).toBe(0);
    await expectAccessible(page);

    // fixed: A in full, B only 100 of its 300 yuan; the shortfall is shown
    await upload.setInputFiles(
      bankFile('回单.csv', [
        [inst.a.creditCode, '700.00', 'PZ-A-1', '2024-04-10'],
        [inst.b.creditCode, '100.00', 'PZ-B-1', '2024-04-10'],
      ]),
    );
    await page.getByText('本次入账 2 笔，共 ¥800.00').waitFor();
    const gap = page.locator('.discrepancies tbody tr', { hasText: inst.b.name });
    await gap.getByText('少拨').waitFor();
    expect(await gap.innerText()).toContain('-¥200.00');

    // closing is refused while B is underpaid: in Chinese, naming the institution and the discrepancy
    await confirm(page, '确认已拨付/关闭');
    const refused = page.locator('.close-refused');
    await refused.getByText('未能关闭：仍有机构的已拨金额与应拨不符').waitFor();
    await refused.getByText(new RegExp(`${inst.b.name}：少拨`)).waitFor();
    expect(await refused.innerText()).toContain('NOT_RECONCILED');
    await expectAccessible(page);

    // the rest by form, in two payments typed in yuan; the second line reuses a voucher: refused by line and field
    const form = page.locator('.payment-form');
    await choose(page, '第 1 笔：机构', inst.b.name);
    await page.getByLabel('第 1 笔：金额（元）').fill('120.50');
    await page.getByLabel('第 1 笔：凭证号').fill('PZ-B-2');
    await form.getByRole('button', { name: '再加一笔' }).click();
    await choose(page, '第 2 笔：机构', inst.b.name);
    await page.getByLabel('第 2 笔：金额（元）').fill('79.5');
    await page.getByLabel('第 2 笔：凭证号').fill('PZ-A-1');
    await confirm(page, /^入账/);
    await form.getByText('未能入账，没有保存任何一笔').waitFor();
    const formProblems = form.locator('.problem-table tbody tr');
    await formProblems.first().waitFor();
    expect(await formProblems.count()).toBe(1);
    expect(await formProblems.first().innerText()).toMatch(/第 2 条[\s\S]*凭证号/);
    expect(await formProblems.first().innerText()).toContain('该凭证号已登记过不同的支付信息');
    expect((await reconciliation()).paidFen).toBe(80000);
    await expectAccessible(page);
    await screenshot(page, 'finance-payments');

    await page.getByLabel('第 2 笔：凭证号').fill('PZ-B-3');
    await confirm(page, /^入账/);
    await page.getByText('本次入账 2 笔，共 ¥200.00').waitFor();
    await page.getByText('全部相符').waitFor();
    await page.getByText(/本月已拨付并关闭/).waitFor();
    await page.locator('.payable-list').getByText('已拨付').waitFor();
    const rec = await reconciliation();
    expect(rec.status).toBe('PAID');
    // typed yuan became exact fen
    expect(rec.institutions.find((i) => i.institutionId === inst.b.id)?.payments.map((p) => [p.voucherNo, p.amountFen])).toEqual(
      expect.arrayContaining([
        ['PZ-B-1', 10000],
        ['PZ-B-2', 12050],
        ['PZ-B-3', 7950],
      ]),
    );
    expect(await page.locator('.payment-form').count()).toBe(0);
    await expectAccessible(page);
    await screenshot(page, 'finance-reconciled');
    await page.context().close();
  });

  it('finance sees the month in the year summary and exports it, and disburses part of a grant’s district share', async () => {
    const page = await newPage(browser, base);
    await signIn(page, people.finance.username, people.finance.password);
    await page.getByRole('link', { name: '年度汇总', exact: true }).click();
    await page.getByRole('heading', { name: '年度汇总' }).waitFor();
    const year = page.getByLabel('年度');
    await year.click();
    await year.fill(String(YEAR));
    await year.press('Enter');
    await page.locator('.ant-picker-dropdown:visible').waitFor({ state: 'hidden' });
    const march = page.locator('.summary-months tbody tr', { hasText: '2024年3月' });
    await march.getByText('已拨付').waitFor();
    expect(await march.innerText()).toContain('¥1,000.00');
    await page.locator('.summary-sources tbody tr', { hasText: '区级' }).getByText('¥10,000.00').first().waitFor();
    await expectAccessible(page);
    await screenshot(page, 'finance-year-summary');
    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /导出年度汇总/ }).click()]);
    expect(csv.suggestedFilename()).toBe(`托育补贴年度汇总-${YEAR}.csv`);
    const text = readFileSync(await csv.path(), 'utf8');
    expect(text).toMatch(/保育费补贴,2024-03,已拨付,1000\.00,1000\.00,0\.00/);
    expect(text).toMatch(/建设补助与奖励（区级）,2024,预算 50000\.00,10000\.00,0\.00,10000\.00/);

    await page.locator('nav[aria-label="主菜单"]').getByRole('link', { name: '补助拨付', exact: true }).click();
    await page.getByRole('heading', { name: '补助拨付' }).waitFor();
    const row = page.locator('.grant-components tbody tr', { hasText: inst.a.name }).filter({ hasText: '区级' });
    await row.getByText('¥10,000.00').first().waitFor();
    await expectAccessible(page);
    await row.getByRole('button', { name: '登记拨付' }).click();
    const form = page.locator('.disbursement-form');
    await form.waitFor();
    await page.getByLabel('拨付金额（元）').fill('5,000.50');
    await page.getByLabel('凭证号').fill('CZ-G-1');
    await confirm(page, /^登\s?记$/);
    await form.waitFor({ state: 'hidden' });
    await row.getByText(/CZ-G-1（\d{4}-\d{2}-\d{2}，¥5,000\.50）/).waitFor();
    expect(await row.innerText()).toContain('¥4,999.50');
    const grant = await t.http().get(`/api/v1/grants/${grantId}`).set(boot).expect(200);
    expect(grant.body.components).toEqual([expect.objectContaining({ source: 'DISTRICT', paidFen: 500050 })]);
    expect(grant.body.status).toBe('APPROVED');
    await expectAccessible(page);
    await screenshot(page, 'finance-grant-disbursements');
    await page.context().close();
  });

  it('the auditor finds no action on any page of the menu, verifies the chain, filters the log and exports it', async () => {
    const page = await newPage(browser, base);
    await signIn(page, people.auditor.username, people.auditor.password);
    expect(await menuLabels(page)).toEqual([
      '工作台',
      '待办审核（只读）',
      '机构管理（只读）',
      '结算管理（只读）',
      '补贴标准（只读）',
      '建设补助与奖励（只读）',
      '统计',
      '拨付与对账（只读）',
      '年度汇总（只读）',
      '补助拨付（只读）',
      '审计日志',
      '托育机构名录',
      '补贴公示',
    ]);
    const readOnly = async (where: string) => {
      // let the page's data arrive before judging it
      await page.waitForLoadState('networkidle');
      await page
        .locator('.ant-spin-spinning')
        .first()
        .waitFor({ state: 'detached', timeout: 30_000 })
        .catch(() => undefined);
      expect([where, await page.locator('main [data-action]').count()]).toEqual([where, 0]);
      expect([where, await page.locator('input[type=file]').count()]).toEqual([where, 0]);
      expect([where, await page.locator('main button[disabled]:not(.ant-pagination *)').count()]).toEqual([where, 0]);
      expect([where, (await buttonsOnPage(page)).filter((b) => !READING.test(b))]).toEqual([where, []]);
      await expectAccessible(page);
    };

    const hrefs = await page.locator('nav[aria-label="主菜单"] a').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
    expect(hrefs).toHaveLength(13);
    for (const href of hrefs) {
      await page.goto(href);
      await page.getByRole('heading', { level: 1 }).first().waitFor();
      await readOnly(href);
    }
    // the pages behind the lists, with their data
    await page.goto('/payments');
    await page.getByText('全部相符').waitFor();
    await page.locator('.reconciled-institutions tbody tr', { hasText: inst.b.name }).getByText('PZ-B-3', { exact: false }).waitFor();
    await readOnly('/payments (paid month)');
    await page.goto('/grant-disbursements');
    await page
      .locator('.grant-components tbody tr', { hasText: inst.a.name })
      .getByText(/CZ-G-1/)
      .waitFor();
    await readOnly('/grant-disbursements (with data)');
    await page.goto(`/finance-summary?year=${YEAR}`);
    await page.locator('.summary-months tbody tr', { hasText: '2024年3月' }).getByText('已拨付').waitFor();
    await readOnly('/finance-summary (2024)');
    await page.goto(`/institutions/${inst.a.id}`);
    await page.getByRole('heading', { name: inst.a.name }).waitFor();
    await readOnly('/institutions/:id');
    await page.goto(`/settlement-runs?settlement=${settlementId}`);
    await page.locator('.settlement-detail').getByText('已拨付').waitFor();
    await readOnly('/settlement-runs (paid month)');

    // the audit log: the chain, a filter by action, an entry's before/after, the export of what is filtered
    await page.goto('/audit');
    await page.getByRole('heading', { name: '审计日志' }).waitFor();
    await page.getByRole('button', { name: '校验哈希链' }).click();
    await page
      .locator('.chain-result')
      .getByText(/哈希链完整：已校验 \d+ 条记录/)
      .waitFor();
    await choose(page, '操作', '录入支付');
    await page.getByRole('button', { name: /^查\s?询$/ }).click();
    await page.getByText('共 2 条').waitFor();
    const entries = page.locator('.audit-log tbody tr.ant-table-row');
    expect(await entries.count()).toBe(2);
    for (const text of await entries.allInnerTexts()) expect(text).toContain('录入支付');
    await entries.first().locator('.ant-table-row-expand-icon').click();
    await page.locator('.audit-json').first().waitFor();
    expect((await page.locator('.audit-json').allInnerTexts()).join('\n')).toContain('PZ-B-3');
    await readOnly('/audit (filtered)');
    await screenshot(page, 'audit-log');

    const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: '导出查询结果（XLSX）' }).click()]);
    expect(xlsx.suggestedFilename()).toMatch(/\.xlsx$/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(await xlsx.path());
    const rows = (book.worksheets[0].getSheetValues() as unknown[][]).filter(Boolean).map((r) => r.map((c) => String(c ?? '')));
    // the entries (the sheet's header block also names the filter)
    const actions = rows.filter((r) => r.includes('录入支付') && r.includes('PAYMENTS_RECORDED'));
    expect(actions).toHaveLength(2);
    expect(rows.some((r) => r.includes('ROSTER_APPROVED') || r.includes('SETTLEMENT_APPROVED'))).toBe(false);
    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: '导出查询结果（CSV）' }).click()]);
    expect(readFileSync(await csv.path(), 'utf8').match(/录入支付,PAYMENTS_RECORDED/g)).toHaveLength(2);
    // the export is itself on record, with the filter it was made with
    const exported = await t
      .http()
      .get('/api/v1/audit-logs')
      .query({ action: 'EXPORT_GENERATED', entityType: 'AuditLog' })
      .set(boot)
      .expect(200);
    expect(exported.body.items.map((e: { after: { format: string; action?: string } }) => [e.after.format, e.after.action])).toEqual(
      expect.arrayContaining([
        ['xlsx', 'PAYMENTS_RECORDED'],
        ['csv', 'PAYMENTS_RECORDED'],
      ]),
    );

    // narrowing to one record from a row: the settlement's whole history
    await page.getByRole('button', { name: '只看此记录' }).first().click();
    await expect(page.getByLabel('对象编号').inputValue()).resolves.toBe(settlementId);
    await page.locator('.audit-log tbody tr', { hasText: '结算审定' }).first().waitFor();
    await page.context().close();
  });
});
