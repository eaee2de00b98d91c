import ExcelJS from 'exceljs';
import type { Browser } from 'playwright-core';
import {
  backdateFiling,
  bankAccount,
  childName,
  freshCreditCode,
  freshResidentId,
  publishAndApprove,
  runSettlement,
  unique,
} from '../journeys/journey-support';
import { launchChromium, newPage } from '../utils/browser';
import { chooseListed, confirm, expectAccessible, pickMonth, screenshot, signIn } from '../utils/console-pages';
import { uploadRequiredDocuments } from '../utils/filing-documents';
import { startConsoleServer } from '../utils/console-server';
import type { TestApp } from '../utils/test-app';

/**
 * The health bureau's console pages beyond the month's routine, in a real Chromium against the real server (with its
 * queue workers), database and Redis: budgets and the four-eyes approval of a grant; 统计 with its chart against the
 * target, the table, enrolment and the XLSX export; an institution's inspections, credit ratings, rosters,
 * settlements and grants; a child found by the ID number typed into a form and the full number revealed with a
 * reason (audited); a locked roster reopened for correction with the month its difference is paid in; the auditor
 * reads every one of these pages without an action button. axe-core on every page.
 *
 * `SCREENSHOTS=docs/images npx jest test/web/bureau-console` also saves the pages.
 */
jest.setTimeout(300_000);

const MONTH = '2024-03';
const TOWNSHIP = '371523102';

describe('web console: the health bureau’s statistics, grants, supervision, children and corrections', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let boot: { Authorization: string };
  const people = {
    admin: { username: unique('weijian'), password: 'Health-bureau-2024' },
    admin2: { username: unique('weijian2'), password: 'Health-bureau-second-2024' },
    auditor: { username: unique('shenji'), password: 'Audit-office-2024' },
  };
  const inst = { id: '', name: unique('河畔托育园'), creditCode: freshCreditCode() };
  const kid = { idNumber: freshResidentId('2022-08-15') };
  let rosterId = '';

  beforeAll(async () => {
    ({ t, base, boot } = await startConsoleServer(people, { code: TOWNSHIP, name: '乐平铺镇', population: 20000 }));

    // one inclusive institution, filed before the month, 30 slots; its March roster is approved and the month settled
    const created = await t
      .http()
      .post('/api/v1/institutions')
      .set(boot)
      .send({
        name: inst.name,
        creditCode: inst.creditCode,
        kind: 'COMMUNITY',
        township: TOWNSHIP,
        address: '茌平区乐平铺镇河畔路8号',
        approvedSlots: 30,
        bankAccount: bankAccount(inst.name),
      })
      .expect(201);
    inst.id = created.body.id;
    await uploadRequiredDocuments(t, boot, inst.id);
    await t.http().post(`/api/v1/institutions/${inst.id}/submit`).set(boot).expect(200);
    await t.http().post(`/api/v1/institutions/${inst.id}/approve`).set(boot).send({}).expect(200);
    await t
      .http()
      .post(`/api/v1/institutions/${inst.id}/inclusive`)
      .set(boot)
      .send({ guidancePriceFen: 120000, effectiveFrom: '2024-01' })
      .expect(200);
    await backdateFiling(t, [inst.id], '2024-01-01');
    await t
      .http()
      .post(`/api/v1/institutions/${inst.id}/inspections`)
      .set(boot)
      .send({ kind: 'FIRE', inspectedOn: '2024-02-20', result: 'PASSED', findings: '消防通道畅通' })
      .expect(201);
    const entries = [
      { idNumber: kid.idNumber, birthOrder: 2 },
      { idNumber: freshResidentId('2023-01-09'), birthOrder: 3 },
    ].map((k) => ({
      ...k,
      name: childName(),
      guardianName: '王家长',
      guardianPhone: '13800001111',
      enrolledOn: '2024-01-02',
      attendanceDays: 20,
    }));
    const roster = await t.http().post(`/api/v1/institutions/${inst.id}/rosters`).set(boot).send({ month: MONTH, entries }).expect(201);
    rosterId = roster.body.id as string;
    await t.http().post(`/api/v1/rosters/${rosterId}/submit`).set(boot).expect(200);
    await t.http().post(`/api/v1/rosters/${rosterId}/approve`).set(boot).expect(200);
    await publishAndApprove(t, boot, await runSettlement(t, boot, MONTH));
    expect((await t.http().get(`/api/v1/rosters/${rosterId}`).set(boot).expect(200)).body.status).toBe('LOCKED');
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('an admin sets a budget and creates a grant, sees why they cannot approve it; a second admin approves it', async () => {
    const page = await newPage(browser, base);
    await signIn(page, people.admin.username, people.admin.password);
    await page.getByRole('link', { name: '建设补助与奖励', exact: true }).click();
    await page.getByRole('heading', { name: '建设补助与奖励' }).waitFor();
    await page.getByLabel('预算年份').fill('2024');
    await chooseListed(page, '预算的资金来源', '区级');
    await page.getByLabel('预算（元）', { exact: true }).fill('100000');
    await confirm(page, '保存预算');
    const budget = page.locator('.budget-list tbody tr', { hasText: '区级' });
    await budget.getByText('¥100,000.00').first().waitFor();

    await chooseListed(page, '机构', inst.name);
    await page.getByLabel('年度', { exact: true }).fill('2024');
    await page.getByLabel('金额（元）', { exact: true }).fill('20000');
    await page.getByRole('button', { name: '创建补助' }).click();
    const row = page.locator('.grant-list tbody tr', { hasText: inst.name });
    await row.getByText('待审批').waitFor();
    await row.locator('.ant-table-row-expand-icon').click();
    await page.getByText('这笔由您创建，须由另一位管理员审批或驳回（双人复核）。').waitFor();
    await page.getByText(/补助的创建人不能审批自己创建的补助/).waitFor();
    expect(await page.getByRole('button', { name: '审批通过' }).count()).toBe(0);
    await expectAccessible(page);
    await page.context().close();

    const second = await newPage(browser, base);
    await signIn(second, people.admin2.username, people.admin2.password);
    await second.goto('/grants');
    const row2 = second.locator('.grant-list tbody tr', { hasText: inst.name });
    await row2.getByText('待审批').waitFor();
    await row2.locator('.ant-table-row-expand-icon').click();
    await confirm(second, '审批通过');
    await row2.getByText('已审批').waitFor();
    // the approval takes from the year's district budget
    const budget2 = second.locator('.budget-list tbody tr', { hasText: '区级' });
    await budget2.getByText('¥20,000.00').waitFor();
    await budget2.getByText('¥80,000.00').waitFor();
    await expectAccessible(second);
    await screenshot(second, 'grants');
    const grants = (await t.http().get(`/api/v1/grants?institutionId=${inst.id}`).set(boot).expect(200)).body.items;
    expect(grants).toEqual([expect.objectContaining({ status: 'APPROVED', kind: 'ADVANCED_AWARD' })]);
    await second.context().close();
  });

  it('统计 draws the chart against the target beside the table, the month’s enrolment, and exports XLSX', async () => {
    const page = await newPage(browser, base);
    await signIn(page, people.admin.username, people.admin.password);
    await page.getByRole('link', { name: '统计', exact: true }).click();
    await page.getByRole('heading', { name: '统计', exact: true }).waitFor();
    // 30 slots for 20,000 people: 1.50 per 1,000, below the target of 5
    const township = page.locator('.capacity-table tbody tr', { hasText: '乐平铺镇' });
    await township.getByText('1.50').waitFor();
    await township.getByText('未达标').waitFor();
    await page.locator('.capacity-table thead').getByText('每千人口（目标 5）').waitFor();
    await page.locator('.capacity-chart svg').first().waitFor();
    // the target as a line across the bars, labelled (ECharts draws SVG text)
    await page
      .waitForFunction(
        "[...document.querySelectorAll('.capacity-chart svg text')].some((e) => (e.textContent ?? '').includes('目标 5'))",
        undefined,
        { timeout: 30_000 },
      )
      .catch(async (e: unknown) => {
        console.log(await page.locator('.capacity-chart').innerHTML());
        throw e;
      });
    expect(await page.locator('.capacity-chart svg path').count()).toBeGreaterThan(1);
    await pickMonth(page, '统计月份', MONTH);
    const enrolment = page.locator('.enrolment-table tbody tr', { hasText: '乐平铺镇' });
    await enrolment.getByText('6.7%').waitFor(); // 2 children on 30 slots
    await page.locator('.trend-table tbody tr', { hasText: '2024年3月' }).getByText('¥700.00').waitFor();
    await page.locator('.trend-chart svg').first().waitFor();
    await expectAccessible(page);
    await screenshot(page, 'stats');

    const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /导出 Excel/ }).click()]);
    expect(xlsx.suggestedFilename()).toMatch(/^茌平区托位统计_\d{4}-\d{2}\.xlsx$/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(await xlsx.path());
    const cells = book.worksheets[0].getSheetValues().flat().map(String);
    expect(cells).toEqual(expect.arrayContaining([TOWNSHIP, '乐平铺镇', '1.50', '未达标', '全区']));
    await page.context().close();
  });

  it('the institution page lists inspections and credit ratings and records one of each; rosters, settlements, grants', async () => {
    const page = await newPage(browser, base);
    await signIn(page, people.admin.username, people.admin.password);
    await page.goto(`/institutions/${inst.id}`);
    await page.getByRole('heading', { name: inst.name }).waitFor();
    await page.locator('.inspection-list tbody tr', { hasText: '消防通道畅通' }).waitFor();
    await page.locator('.credit-rating-list').getByText('尚无信用评级').waitFor();
    await page.locator('.institution-rosters tbody tr', { hasText: '2024年3月' }).getByText('已结算锁定').waitFor();
    await page.locator('.institution-settlements tbody tr', { hasText: '2024年3月' }).getByText('¥700.00').first().waitFor();
    await page.locator('.institution-grants tbody tr').getByText('示范奖励').waitFor();
    await page
      .locator('.status-timeline')
      .getByText(/认定为普惠/)
      .waitFor();

    await chooseListed(page, '检查类别', '卫生检查');
    await pickMonth(page, '检查日期', '2024-03-15');
    await chooseListed(page, '检查结果', '限期整改');
    await page.getByLabel(/发现的问题/).fill('餐具消毒记录不全');
    await page.getByRole('button', { name: '保存检查记录' }).click();
    await page.locator('.inspection-list tbody tr', { hasText: '餐具消毒记录不全' }).getByText('限期整改').waitFor();

    await chooseListed(page, '信用等级', 'B 级');
    await pickMonth(page, '评定日期', '2024-03-20');
    await page.getByLabel(/说明（可不填）/).fill('年度评定');
    await page.getByRole('button', { name: '保存信用评级' }).click();
    await page.locator('.credit-rating-list tbody tr', { hasText: '年度评定' }).getByText('B 级').waitFor();
    await page.getByText('信用等级').first().waitFor();
    await expectAccessible(page);
    await screenshot(page, 'institution-supervision');
    const inspections = (await t.http().get(`/api/v1/institutions/${inst.id}/inspections`).set(boot).expect(200)).body.items;
    expect(inspections[0]).toMatchObject({ kind: 'HYGIENE', result: 'RECTIFICATION_REQUIRED', inspectedOn: '2024-03-15' });
    expect((await t.http().get(`/api/v1/institutions/${inst.id}`).set(boot).expect(200)).body.creditRating).toBe('B');
    await page.context().close();
  });

  it('a child is found by the ID number typed into the form, and the full number revealed with a reason (audited)', async () => {
    const page = await newPage(browser, base);
    await signIn(page, people.admin.username, people.admin.password);
    await page.getByRole('link', { name: '儿童查询', exact: true }).click();
    await page.getByRole('heading', { name: '儿童查询' }).waitFor();
    await page.getByLabel('身份证号').fill(kid.idNumber);
    await page.getByRole('button', { name: /^查\s?找$/ }).click();
    const card = page.locator('.child-card');
    await card.getByText('二孩', { exact: true }).waitFor();
    expect(page.url()).not.toContain(kid.idNumber);
    expect(await page.content()).not.toContain(kid.idNumber);
    await expectAccessible(page);

    await page.getByLabel('查看原因').fill('家长来电核对出生医学证明');
    // the picture for the docs shows the masked number and the reason asked for, never a full ID number
    await screenshot(page, 'child-reveal');
    await page.getByRole('button', { name: '查看完整号码' }).click();
    await page.locator('.revealed-id').getByText(kid.idNumber).waitFor();
    expect(page.url()).not.toContain(kid.idNumber);
    await expectAccessible(page);
    const childId = (await t.http().post('/api/v1/children/lookup').set(boot).send({ idNumber: kid.idNumber }).expect(200)).body
      .id as string;
    const audit = await t.http().get(`/api/v1/audit-logs?entityId=${childId}&action=CHILD_ID_NUMBER_REVEALED`).set(boot).expect(200);
    expect(audit.body.items).toEqual([expect.objectContaining({ after: expect.objectContaining({ reason: '家长来电核对出生医学证明' }) })]);
    await page.getByRole('button', { name: '隐藏号码' }).click();
    await page.locator('.revealed-id').waitFor({ state: 'detached' });
    expect(await page.content()).not.toContain(kid.idNumber);
    await page.context().close();
  });

  it('the admin reopens the locked roster for correction and sees which month pays the difference', async () => {
    const page = await newPage(browser, base);
    await signIn(page, people.admin.username, people.admin.password);
    await page.getByRole('link', { name: '结算管理', exact: true }).click();
    await page.getByRole('heading', { name: '结算管理' }).waitFor();
    await page.locator('.settlement-detail').getByText('已审定').first().waitFor();
    await pickMonth(page, '名册月份', MONTH);
    const row = page.locator('.correction-list tbody tr', { hasText: inst.name });
    await row.getByText('已结算锁定').waitFor();
    await page
      .locator('.correction-paid-in')
      .getByText(/2024年4月的结算（尚未发起）/)
      .waitFor();
    await row.locator('.ant-table-row-expand-icon').click();
    await page.getByLabel('更正原因').fill('漏报一名三月入托的儿童');
    await confirm(page, '更正名册');
    await page
      .locator('.correction-opened')
      .getByText(/2024年3月名册第 2 版（草稿）/)
      .waitFor();
    await page.locator('.correction-list tbody tr', { hasText: inst.name }).getByText('更正办理中').waitFor();
    await expectAccessible(page);
    await screenshot(page, 'roster-correction');
    const versions = (await t.http().get(`/api/v1/institutions/${inst.id}/rosters?month=${MONTH}`).set(boot).expect(200)).body.items as {
      version: number;
      status: string;
    }[];
    expect(versions.map((v) => [v.version, v.status]).sort()).toEqual([
      [1, 'LOCKED'],
      [2, 'DRAFT'],
    ]);
    await page.context().close();
  });

  it('the auditor reads 统计, grants, the institution and corrections without one action button', async () => {
    const page = await newPage(browser, base);
    await signIn(page, people.auditor.username, people.auditor.password);
    expect((await page.locator('nav[aria-label="主菜单"] .ant-menu-item').allInnerTexts()).map((s) => s.trim())).toContain('统计');
    const ACTIONS = /审批|驳回|创建|保存|新增|记录|更正|修改|终止|暂停|恢复|关停|查看完整|提交|计算|公示|审定/;
    const noActions = async () => {
      const buttons = await page.locator('main button, main a.ant-btn').allInnerTexts();
      expect(buttons.filter((b) => ACTIONS.test(b.replace(/\s/g, '')))).toEqual([]);
      expect(await page.locator('main button[disabled]:not(.ant-pagination *)').count()).toBe(0);
      expect(await page.locator('main input[type=file]').count()).toBe(0);
    };

    await page.goto('/stats');
    await page.locator('.capacity-chart svg').first().waitFor();
    await page.locator('.capacity-table tbody tr', { hasText: '乐平铺镇' }).waitFor();
    expect(await page.getByText('乡镇（街道）常住人口', { exact: true }).count()).toBe(0);
    await noActions();
    await expectAccessible(page);

    await page.goto('/grants');
    await page.locator('.grant-list tbody tr', { hasText: inst.name }).getByText('已审批').waitFor();
    await page.locator('.budget-list tbody tr', { hasText: '区级' }).waitFor();
    await noActions();
    await expectAccessible(page);

    await page.goto(`/institutions/${inst.id}`);
    await page.locator('.inspection-list tbody tr', { hasText: '餐具消毒记录不全' }).waitFor();
    await page.locator('.credit-rating-list tbody tr', { hasText: '年度评定' }).waitFor();
    await noActions();
    await expectAccessible(page);

    await page.goto('/settlement-runs');
    await page.getByRole('heading', { name: '结算管理' }).waitFor();
    await page.locator('.settlement-detail').getByText('已审定').first().waitFor();
    await pickMonth(page, '名册月份', MONTH);
    await page
      .locator('.correction-list tbody tr', { hasText: inst.name })
      .first()
      .waitFor({ timeout: 30_000 })
      .catch(async (e: unknown) => {
        console.log(await page.locator('.roster-corrections').innerText());
        throw e;
      });
    expect(await page.locator('.correction-list .ant-table-row-expand-icon').count()).toBe(0);
    await noActions();
    await expectAccessible(page);
    await page.context().close();
  });
});
