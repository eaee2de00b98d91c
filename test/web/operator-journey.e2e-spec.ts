import ExcelJS from 'exceljs';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { hashPassword } from '../../src/users/password';
import { maskIdNumber } from '../../src/common/masking';
import { DOCUMENT_KIND_LABELS } from '../../src/documents/document-kinds';
import { PDF_BYTES, REQUIRED_KINDS } from '../utils/filing-documents';
import { backdateFiling, childName, freshCreditCode, freshResidentId, publishAndApprove, runSettlement } from '../journeys/journey-support';
import { DESKTOP, launchChromium, newPage, PHONE, seriousViolations } from '../utils/browser';
import { freePort } from '../utils/processes';
import { createTestApp, TestApp } from '../utils/test-app';
import { ensureConsoleBuilt } from '../utils/web-build';

/**
 * The operator's month in a real Chromium against the real server (the Nest app serving the built console, with its
 * queue workers), database and Redis: sign in; complete the filing (every gap shown at once), see the submission
 * refused for the missing materials, upload them and submit; see it returned with a reason for one document, replace
 * it and resubmit; upload a roster with mistakes and see every problem by row and column; upload
 * the fixed file, review the masked entries and submit; the bureau approves, settles, publishes and approves through
 * the API; the operator sees the institution's lines and payment state. Then the public directory (desktop and phone),
 * a CSRF refusal from the page itself, sign-out (revoked on the server) and a deactivated colleague signed out on
 * the next click. axe-core finds no serious or critical violation on any page.
 *
 * Month 2024-01 belongs to this file alone, under the seeded default policy: months are approved in order, and the
 * earlier months other files settle (2023) are approved by those files, the later ones (2024-02 on) may stay computed.
 * `SCREENSHOTS=docs/images npx jest test/web/operator-journey` (npm run screenshots) also saves the main pages.
 */
jest.setTimeout(300_000);

const MONTH = '2024-01';
const HEADER = ['身份证号', '姓名', '孩次', '监护人', '联系电话', '入托日期', '离托日期', '出勤天数'];
const SCREENSHOTS = process.env.SCREENSHOTS;

interface Kid {
  idNumber: string;
  name: string;
  birthOrder: number;
  attendanceDays: number;
}

async function rosterXlsx(rows: (string | number)[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('花名册');
  ws.addRow(HEADER);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Picks `option` in the Ant Design select labelled `label` (its listbox for screen readers is a hidden copy). */
async function choose(page: Page, label: string, option: string): Promise<void> {
  await page.getByLabel(label).click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: option }).click();
  // the dropdown closes with an animation; until it is gone its unnamed listbox is still on the page
  await page.locator('.ant-select-dropdown:visible').waitFor({ state: 'hidden' });
}

/** Clicks the button `trigger`, then the OK button of the confirmation it opens. */
async function confirm(page: Page, trigger: string): Promise<void> {
  await page.getByRole('button', { name: trigger }).click();
  const ok = page.locator('.ant-popover:visible .ant-popconfirm-buttons .ant-btn-primary');
  await ok.waitFor();
  await ok.click();
  await ok.waitFor({ state: 'hidden' });
}

const rowOf = (k: Kid): (string | number)[] => [
  k.idNumber,
  k.name,
  k.birthOrder,
  '王家长',
  '13800001111',
  '2023-11-01',
  '',
  k.attendanceDays,
];

describe('web console: an operator’s month in the browser', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let page: Page;
  let admin: { Authorization: string };
  let institutionId: string;
  const files = mkdtempSync(join(tmpdir(), 'childcare-web-'));
  const password = 'Sunshine-operator-2022';
  const username = `yangguang-${process.pid}`;
  const kids: Kid[] = [
    { idNumber: freshResidentId('2022-08-15'), name: childName(), birthOrder: 2, attendanceDays: 20 },
    { idNumber: freshResidentId('2023-01-09'), name: childName(), birthOrder: 3, attendanceDays: 18 },
    { idNumber: freshResidentId('2022-11-30'), name: childName(), birthOrder: 1, attendanceDays: 21 },
  ];

  const shot = async (name: string, target: Page = page) => {
    if (!SCREENSHOTS) return;
    mkdirSync(SCREENSHOTS, { recursive: true });
    await target.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
  };
  const expectAccessible = async (target: Page = page) => expect(await seriousViolations(target)).toEqual([]);

  beforeAll(async () => {
    await ensureConsoleBuilt();
    t = await createTestApp({ workers: true });
    const port = await freePort();
    await t.app.listen(port, '127.0.0.1');
    base = `http://127.0.0.1:${port}`;
    admin = (await t.userWithToken('admin')).auth;

    // the bureau registers the institution with the basics (its operator completes the filing) and its township
    await t.http().put('/api/v1/townships/371523101').set(admin).send({ name: '振兴街道', population: 80000 }).expect(200);
    const created = await t
      .http()
      .post('/api/v1/institutions')
      .set(admin)
      .send({ name: '茌平区阳光托育园', creditCode: freshCreditCode(), kind: 'PRIVATE', approvedSlots: 30 })
      .expect(201);
    institutionId = created.body.id;
    await t.http().post('/api/v1/users').set(admin).send({ username, password, role: 'operator', institutionId }).expect(201);
    browser = await launchChromium();
    page = await newPage(browser, base);
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    rmSync(files, { recursive: true, force: true });
  });

  it('signs in with the session cookie (httpOnly, no token in storage) and lands on what needs doing', async () => {
    await page.goto('/rosters');
    await page.waitForURL(/\/login\?next=%2Frosters/);
    await expectAccessible();
    await shot('login');
    await page.getByLabel('用户名').fill(username);
    await page.getByLabel('密码').fill('wrong password');
    await page
      .getByRole('button', { name: '登 录' })
      .or(page.getByRole('button', { name: '登录' }))
      .click();
    await page.getByText('用户名或密码错误').waitFor();
    await page.getByLabel('密码').fill(password);
    await page.getByRole('button', { name: /登\s?录/ }).click();
    await page.waitForURL(/\/rosters$/);

    const cookies = await page.context().cookies();
    const session = cookies.find((c) => c.name === 'childcare_session')!;
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    expect(cookies.find((c) => c.name === 'XSRF-TOKEN')).toMatchObject({ httpOnly: false, sameSite: 'Strict' });
    // (page scripts are strings: this file is compiled for Node, without the DOM's types)
    expect(await page.evaluate<string>('document.cookie')).not.toContain('childcare_session');
    expect(await page.evaluate<string>('JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage })')).not.toContain(
      session.value,
    );

    await page.getByRole('link', { name: '工作台' }).click();
    await page.getByText('机构备案尚未提交').waitFor();
    await expectAccessible();
  });

  it('completes the filing: every gap shown at once, then submitted; returned with a reason; resubmitted', async () => {
    await page.getByRole('link', { name: '我的机构' }).click();
    await page.getByRole('heading', { name: '我的机构' }).waitFor();
    await confirm(page, '保存并提交备案');
    await page.getByText('共 5 处需要修改').waitFor();
    for (const text of ['请填写开户银行', '请填写账户名称', '请填写银行账号', '提交备案前请选择所在乡镇（街道）', '提交备案前请填写地址']) {
      await page.getByText(text).first().waitFor();
    }
    await expectAccessible();
    await shot('institution-form-problems');

    await choose(page, '所在乡镇（街道）', '振兴街道');
    await page.getByLabel('地址').fill('茌平区振兴街道阳光路1号');
    await page.getByLabel('开户银行').fill('中国农业银行茌平支行');
    await page.getByLabel('账户名称').fill('茌平区阳光托育园');
    await page.getByLabel('银行账号').fill('62284800');
    // without the filing materials the bureau refuses the submission, naming each missing one
    await confirm(page, '保存并提交备案');
    await page.getByText('缺少备案材料：营业执照或法人登记证书（BUSINESS_LICENSE）').first().waitFor();
    await page.getByText('还缺 7 项必需材料，补齐后才能提交备案').waitFor();
    // the operator uploads one PDF per required kind (named in Chinese)
    const upload = async (kind: string, fileName: string) => {
      const path = join(files, fileName);
      writeFileSync(path, PDF_BYTES);
      await page.locator(`[data-kind=${kind}] input[type=file]`).setInputFiles(path);
      await page.getByRole('link', { name: fileName }).waitFor();
    };
    for (const kind of REQUIRED_KINDS) await upload(kind, `${DOCUMENT_KIND_LABELS[kind]}.pdf`);
    await expectAccessible();
    await shot('filing-documents');
    await confirm(page, '保存并提交备案');
    await page.getByText('已提交，待审核').first().waitFor();
    expect((await t.prisma.institution.findUniqueOrThrow({ where: { id: institutionId } })).status).toBe('SUBMITTED');

    // the bureau returns it, with a reason for one document: the operator sees why, replaces it, fixes and resubmits
    const fireSafety = await t.prisma.document.findFirstOrThrow({
      where: { institutionId, kind: 'FIRE_SAFETY', replacedAt: null, removedAt: null },
    });
    await t
      .http()
      .post(`/api/v1/institutions/${institutionId}/return`)
      .set(admin)
      .send({
        reason: '银行账号位数不对，请核对',
        documents: [{ documentId: fireSafety.id, reason: '消防检查合格证明已过期，请上传新证明' }],
      })
      .expect(200);
    await page.getByRole('link', { name: '工作台' }).click();
    await page.getByText('机构备案被退回：银行账号位数不对，请核对').waitFor();
    await page.getByRole('button', { name: '修改备案' }).click();
    await page.getByText('退回原因：银行账号位数不对，请核对').waitFor();
    await page.getByText('退回：消防检查合格证明已过期，请上传新证明').waitFor();
    await page.getByLabel('消防安全检查合格证明有效期至（可选）').fill('2025-01-15');
    await upload('FIRE_SAFETY', '消防安全检查合格证明（2024年复查）.pdf');
    await page.getByText('有效期至 2025-01-15').waitFor();
    await page.getByRole('link', { name: '消防安全检查合格证明.pdf', exact: true }).waitFor({ state: 'detached' });
    await page.getByLabel('银行账号').fill('6228480012345678');
    await confirm(page, '保存并重新提交');
    await page.getByText('已提交，待审核').first().waitFor();

    // filed and designated inclusive by the bureau; the journey's month is 2024-01, so the filing is dated back (see backdateFiling)
    await t.http().post(`/api/v1/institutions/${institutionId}/approve`).set(admin).send({}).expect(200);
    // the returned document stays in the history, replaced by the new one
    expect(await t.prisma.document.findUniqueOrThrow({ where: { id: fireSafety.id } })).toMatchObject({
      returnReason: '消防检查合格证明已过期，请上传新证明',
      replacedAt: expect.any(Date),
    });
    await t
      .http()
      .post(`/api/v1/institutions/${institutionId}/inclusive`)
      .set(admin)
      .send({ guidancePriceFen: 98000, effectiveFrom: MONTH })
      .expect(200);
    await backdateFiling(t, [institutionId], '2023-12-01');
    await page.reload();
    await page.getByText(/茌托备〔\d{4}〕\d{4}号/).waitFor();
    await page.getByText('¥980.00/月（自2024年1月起执行）').waitFor();
    await expectAccessible();
    await shot('institution');
  });

  it('uploads a roster with mistakes, sees every problem by row and column, uploads the fixed file and submits', async () => {
    const broken = join(files, '花名册-有错.xlsx');
    const badId = kids[0].idNumber.slice(0, 17) + (kids[0].idNumber[17] === '0' ? '1' : '0');
    writeFileSync(
      broken,
      await rosterXlsx([
        [badId, kids[0].name, 2, '王家长', '13800001111', '2023-11-01', '', 20],
        [kids[1].idNumber, kids[1].name, 0, '王家长', '13800001111', '2023-11-01', '', 18],
        [kids[2].idNumber, kids[2].name, 1, '王家长', '13800001111', '2023-11-01', '', 40],
      ]),
    );
    await page.goto(`/rosters?month=${MONTH}`);
    await page.getByText('上传2024年1月花名册').waitFor();
    await page.locator('.file-upload input[type=file]').setInputFiles(broken);
    const problems = page.locator('.problem-table');
    await problems.waitFor();
    await page.getByText('共 3 处问题').waitFor();
    const rows = await problems.locator('tbody tr').allInnerTexts();
    expect(rows).toHaveLength(3);
    expect(rows[0]).toMatch(/第 2 行\s+身份证号\s+身份证号校验位不正确/);
    expect(rows[0]).toContain('把“身份证号”列设为“文本”格式');
    expect(rows[1]).toMatch(/第 3 行\s+孩次\s+孩次应为 1 到 9 的整数/);
    expect(rows[2]).toMatch(/第 4 行\s+出勤天数\s+出勤天数应为 0 到 31 的整数/);
    expect(await page.content()).not.toContain(badId);
    await expectAccessible();
    await shot('roster-problems');

    const fixed = join(files, '花名册.xlsx');
    writeFileSync(fixed, await rosterXlsx(kids.map(rowOf)));
    await page.locator('.file-upload input[type=file]').first().setInputFiles(fixed);
    await page.getByText('2024年1月花名册（第 1 版）').waitFor();
    await page.getByText('尚未提交', { exact: true }).waitFor();
    // the caregiver ratio by age on 2024-01-01: one child under 12 months (1:3), two of 12–24 months (1:5); none registered yet
    await page.getByText('不满12个月 1 人（1:3），12至24个月 2 人（1:5），24至36个月 0 人（1:7）').waitFor();
    await page.getByText('保育人员不足').waitFor();
    // entries are masked: the full ID numbers and names never reach the page
    const html = await page.content();
    for (const k of kids) {
      expect(html).toContain(maskIdNumber(k.idNumber));
      expect(html).not.toContain(k.idNumber);
      expect(html).not.toContain(k.name);
    }
    await expectAccessible();
    await shot('roster-review');

    await confirm(page, '核对无误，提交审核');
    await page.getByText('已提交，等待区卫生健康局审核').waitFor();
    await page.getByText('版本记录').waitFor();
  });

  it('shows the institution its settlement lines once the bureau has approved, settled, published and approved', async () => {
    const [roster] = (await t.http().get(`/api/v1/institutions/${institutionId}/rosters?month=${MONTH}`).set(admin).expect(200)).body.items;
    await t.http().post(`/api/v1/rosters/${roster.id}/approve`).set(admin).expect(200);
    const computed = await runSettlement(t, admin, MONTH);
    await publishAndApprove(t, admin, computed);

    await page.getByRole('link', { name: '补贴结算' }).click();
    await page.getByRole('heading', { name: '补贴结算' }).waitFor();
    await page.getByText('2024年1月结算').waitFor();
    await page.getByText('¥700.00').first().waitFor(); // 300 (second child) + 400 (third child)
    const lines = page.locator('.settlement-lines tbody tr');
    await lines.nth(2).waitFor();
    expect(await lines.count()).toBe(3);
    const text = (await lines.allInnerTexts()).join('\n');
    expect(text).toContain(`${maskIdNumber(kids[0].idNumber)}\t2024年1月\t二孩\t¥300.00\t二孩补贴`);
    expect(text).toContain(`${maskIdNumber(kids[1].idNumber)}\t2024年1月\t三孩\t¥400.00\t三孩及以上补贴`);
    expect(text).toContain(`${maskIdNumber(kids[2].idNumber)}\t2024年1月\t一孩\t¥0.00\t一孩，不享受补贴`);
    await page.getByText('未拨付').first().waitFor();
    await expectAccessible();
    await shot('settlements');

    // the locked month explains how corrections work
    await page.goto(`/rosters?month=${MONTH}`);
    await page.getByText(/该月已结算锁定/).waitFor();
    await page.getByText(/差额作为调整款计入以后月份的结算/).waitFor();
    await page.goto('/');
    await expectAccessible();
    await shot('home');
  });

  it('shows the month’s public notice to anyone: totals, the notice period, where objections go, no child; printable on A4', async () => {
    const visitor = await newPage(browser, base);
    await visitor.goto('/notices');
    await visitor.getByRole('heading', { name: '托育服务补贴公示' }).waitFor();
    await expectAccessible(visitor);
    await visitor.getByRole('link', { name: '2024年1月托育服务补贴公示' }).click();
    await visitor.getByRole('heading', { name: '2024年1月托育服务补贴公示' }).waitFor();
    await visitor.getByText('茌平区阳光托育园').waitFor();
    const text = await visitor.locator('.notice').innerText();
    expect(text).toMatch(/公示期\s*\d{4}-\d{2}-\d{2} 至 \d{4}-\d{2}-\d{2}/);
    expect(text).toContain('¥700.00');
    expect(text).toContain('卫生健康局');
    for (const kid of kids) {
      expect(text).not.toContain(kid.name);
      expect(text).not.toContain(maskIdNumber(kid.idNumber));
      expect(text).not.toContain(kid.idNumber);
    }
    await expectAccessible(visitor);
    await shot('notice', visitor);
    // printed: A4, without the site's header and the print button
    await visitor.emulateMedia({ media: 'print' });
    expect(await visitor.locator('.public-header').isVisible()).toBe(false);
    expect(await visitor.getByRole('button', { name: '打印公示' }).isVisible()).toBe(false);
    const pdf = await visitor.pdf({ preferCSSPageSize: true });
    const sizes = [...pdf.toString('latin1').matchAll(/\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)/g)].map((m) => [
      Math.round(Number(m[1])),
      Math.round(Number(m[2])),
    ]);
    expect(sizes.length).toBeGreaterThanOrEqual(1);
    for (const size of sizes) expect(size).toEqual([595, 842]); // A4 portrait in points
    await visitor.context().close();
  });

  it('shows the public directory with filters, on a desk and on a phone, without sign-in', async () => {
    const visitor = await newPage(browser, base);
    await visitor.goto('/directory');
    await visitor.getByText('茌平区阳光托育园').waitFor();
    const filtered = visitor.waitForResponse((r) => r.url().includes('/api/v1/public/institutions') && r.url().includes('inclusive=false'));
    await choose(visitor, '普惠托育', '非普惠');
    expect((await filtered).status()).toBe(200);
    await visitor.locator('.ant-spin-spinning').waitFor({ state: 'detached' });
    expect(await visitor.locator('body').innerText()).not.toContain('茌平区阳光托育园');
    // the option list closes with an animation: check the page, not a list caught half-way
    await visitor.locator('.ant-select-dropdown:visible').first().waitFor({ state: 'detached' });
    await expectAccessible(visitor);
    await visitor.context().close();

    const phone = await newPage(browser, base, PHONE);
    await phone.goto('/directory');
    await phone.getByText('茌平区阳光托育园').waitFor();
    await phone.getByText('¥980.00/月').first().waitFor();
    expect(await phone.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(PHONE.width);
    await expectAccessible(phone);
    await shot('directory-phone', phone);
    await phone.context().close();

    const desk = await newPage(browser, base, DESKTOP);
    await desk.goto('/directory');
    await desk.getByText('茌平区阳光托育园').waitFor();
    await shot('directory', desk);
    await desk.context().close();
  });

  it('registers a caregiver in the staff register (masked) and records when they leave', async () => {
    const idNumber = freshResidentId('1992-03-08');
    await page.goto('/staff');
    await page.getByRole('heading', { name: '从业人员' }).waitFor();
    await page.getByLabel('身份证号').fill(idNumber);
    await page.getByLabel('姓名').fill('赵保育');
    await page
      .getByRole('button', { name: '登 记' })
      .or(page.getByRole('button', { name: '登记', exact: true }))
      .click();
    await page.getByText('保育人员须填写资格证书编号').waitFor();
    await page.getByLabel('保育人员资格证书编号').fill('BY-2023-0042');
    await page.getByLabel('健康证有效期至').fill('2024-06-30');
    await page.getByLabel('入职日期').fill('2023-09-01');
    await page
      .getByRole('button', { name: '登 记' })
      .or(page.getByRole('button', { name: '登记', exact: true }))
      .click();
    await page.getByRole('cell', { name: '赵**' }).waitFor();
    await page.getByRole('cell', { name: maskIdNumber(idNumber) }).waitFor();
    await page.getByText('未查询', { exact: true }).waitFor();
    expect(await page.content()).not.toContain(idNumber);
    await expectAccessible();
    await shot('staff');

    await page.getByRole('button', { name: '登记离职' }).click();
    await page.getByLabel('离职日期').fill('2024-01-31');
    await page.getByRole('button', { name: /确\s?认/ }).click();
    await page.getByText('尚无人员').waitFor();
    const row = await t.prisma.staff.findFirstOrThrow({ where: { institutionId } });
    expect(row.endedOn?.toISOString().slice(0, 10)).toBe('2024-01-31');
  });

  it('refuses an unsafe request that carries the cookie but not the CSRF token (403), from the page itself', async () => {
    const { status, code } = await page.evaluate<{ status: number[]; code: string }>(`(async () => {
      const users = await fetch('/api/v1/users', { credentials: 'same-origin' });
      const me = await fetch('/api/v1/auth/me', { credentials: 'same-origin' });
      const post = await fetch('/api/v1/subsidy-policies', {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ effectiveFrom: '2099-01', secondChildFen: 1, thirdChildFen: 1, minAttendanceDays: 1, maxAgeMonths: 36 }),
      });
      return { status: [users.status, me.status, post.status], code: (await post.json()).code };
    })()`);
    // a read with the cookie works (403 here is the role), the unsafe request without the token is refused before the role check
    expect(status).toEqual([403, 200, 403]);
    expect(code).toBe('CSRF_TOKEN_INVALID');
  });

  it('signs out: the session is revoked on the server, not only forgotten by the browser', async () => {
    const cookie = (await page.context().cookies()).find((c) => c.name === 'childcare_session')!;
    await page.getByRole('button', { name: '退出登录' }).click();
    await page.waitForURL(/\/login$/);
    expect((await page.context().cookies()).find((c) => c.name === 'childcare_session')).toBeUndefined();
    await t.http().get('/api/v1/auth/me').set('Cookie', `childcare_session=${cookie.value}`).expect(401);
    await page.goto('/settlements');
    await page.waitForURL(/\/login\?next=%2Fsettlements/);
  });

  it('signs a deactivated colleague out on their next click', async () => {
    const colleague = await t.prisma.user.create({
      data: { username: `${username}-2`, passwordHash: await hashPassword(password), role: 'operator', institutionId },
    });
    const other = await newPage(browser, base);
    await other.goto('/login');
    await other.getByLabel('用户名').fill(colleague.username);
    await other.getByLabel('密码').fill(password);
    await other.getByRole('button', { name: /登\s?录/ }).click();
    await other.getByRole('heading', { name: '工作台' }).waitFor();
    await other.getByText('待办事项').waitFor(); // the page has its answers: nothing is in flight

    await t.http().patch(`/api/v1/users/${colleague.id}`).set(admin).send({ active: false }).expect(200);
    await other.getByRole('link', { name: '月度花名册' }).click();
    await other.waitForURL(/\/login\?next=%2Frosters.*ended=1/);
    await other.getByText('登录已失效').waitFor();
    await expectAccessible(other);
    await other.context().close();
  });
});
