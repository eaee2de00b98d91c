import type { SettlementStatus } from '../../src/generated/prisma/enums';
import { migrate } from '../../src/infra/database/migrator';
import { createFiledInstitution } from '../utils/factories';
import { createScratchDatabase, ScratchDatabase } from '../utils/scratch-db';
import { noticePeriod } from '../../src/settlement/public-notice.service';
import { createTestApp, TestApp } from '../utils/test-app';

/**
 * GET /public/settlements: the public list of notices (公示) — published settlements only, newest month first, totals
 * only. Settlement months are unique, so this file has a database of its own.
 */
describe('public list of settlement notices', () => {
  let db: ScratchDatabase;
  let t: TestApp;
  const ids: Record<string, string> = {};

  const settlement = async (month: string, status: SettlementStatus, institutions: { paidChildren: number; amountFen: number }[]) => {
    const published = ['PUBLISHED', 'APPROVED', 'PAID'].includes(status);
    const s = await t.prisma.settlement.create({
      data: {
        month,
        status,
        run: 1,
        paidChildren: institutions.reduce((n, i) => n + i.paidChildren, 0),
        secondChildCount: institutions.reduce((n, i) => n + i.paidChildren, 0),
        thirdChildCount: 0,
        amountFen: institutions.reduce((n, i) => n + i.amountFen, 0),
        computedAt: new Date(`${month}-28T00:00:00Z`),
        publishedAt: published ? new Date(`${month}-28T02:00:00Z`) : null,
      },
    });
    for (const part of institutions) {
      const institution = await createFiledInstitution(t.prisma);
      await t.prisma.settlementInstitution.create({
        data: {
          settlementId: s.id,
          institutionId: institution.id,
          ...part,
          secondChildCount: part.paidChildren,
          subsidyFen: part.amountFen,
        },
      });
    }
    ids[month] = s.id;
  };

  beforeAll(async () => {
    db = await createScratchDatabase('public_settlements');
    await migrate(db.url);
    t = await createTestApp({ env: { DATABASE_URL: db.url, NOTICE_OBJECTIONS_TO: '茌平区卫生健康局人口家庭科（电话 0635-0000000）' } });
    await settlement('2025-10', 'PAID', [{ paidChildren: 2, amountFen: 60000 }]);
    await settlement('2025-12', 'PUBLISHED', [
      { paidChildren: 1, amountFen: 30000 },
      { paidChildren: 3, amountFen: 90000 },
    ]);
    await settlement('2025-11', 'APPROVED', [{ paidChildren: 1, amountFen: 30000 }]);
    await settlement('2026-01', 'COMPUTED', [{ paidChildren: 5, amountFen: 150000 }]);
    await settlement('2026-02', 'QUEUED', []);
    await settlement('2025-09', 'FAILED', []);
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  it('lists published notices newest month first with their totals, to anyone, cacheable', async () => {
    const res = await t.http().get('/api/v1/public/settlements').expect(200);
    expect(res.headers['cache-control']).toBe('public, max-age=60');
    expect(res.body).toEqual({
      items: [
        {
          id: ids['2025-12'],
          month: '2025-12',
          status: 'PUBLISHED',
          publishedAt: '2025-12-28T02:00:00.000Z',
          noticeStartsOn: '2025-12-28',
          noticeEndsOn: '2026-01-03',
          totals: { institutions: 2, paidChildren: 4, secondChildCount: 4, thirdChildCount: 0, amountFen: 120000 },
        },
        {
          id: ids['2025-11'],
          month: '2025-11',
          status: 'APPROVED',
          publishedAt: '2025-11-28T02:00:00.000Z',
          noticeStartsOn: '2025-11-28',
          noticeEndsOn: '2025-12-04',
          totals: { institutions: 1, paidChildren: 1, secondChildCount: 1, thirdChildCount: 0, amountFen: 30000 },
        },
        {
          id: ids['2025-10'],
          month: '2025-10',
          status: 'PAID',
          publishedAt: '2025-10-28T02:00:00.000Z',
          noticeStartsOn: '2025-10-28',
          noticeEndsOn: '2025-11-03',
          totals: { institutions: 1, paidChildren: 2, secondChildCount: 2, thirdChildCount: 0, amountFen: 60000 },
        },
      ],
      total: 3,
      page: 1,
      pageSize: 50,
    });
  });

  it('pages, and each notice opens by its id (unpublished ones stay hidden)', async () => {
    const page = await t.http().get('/api/v1/public/settlements?page=2&pageSize=2').expect(200);
    expect(page.body).toMatchObject({ total: 3, page: 2, pageSize: 2, items: [{ id: ids['2025-10'] }] });
    const notice = await t.http().get(`/api/v1/public/settlements/${ids['2025-12']}`).expect(200);
    expect(notice.body.institutions).toHaveLength(2);
    expect(notice.body).toMatchObject({
      noticeStartsOn: '2025-12-28',
      noticeEndsOn: '2026-01-03',
      objectionsTo: '茌平区卫生健康局人口家庭科（电话 0635-0000000）',
    });
    expect((await t.http().get(`/api/v1/public/settlements/${ids['2026-01']}`)).status).toBe(404);
    expect((await t.http().get('/api/v1/public/settlements?pageSize=500')).status).toBe(422);
  });

  it('carries no personal data and no institution details', async () => {
    const res = await t.http().get('/api/v1/public/settlements').expect(200);
    const institutions = await t.prisma.institution.findMany();
    const text = JSON.stringify(res.body);
    for (const i of institutions) {
      for (const value of [i.id, i.name, i.creditCode, i.bankAccountNumber]) expect(text).not.toContain(value);
    }
    for (const item of res.body.items)
      expect(Object.keys(item).sort()).toEqual(['id', 'month', 'noticeEndsOn', 'noticeStartsOn', 'publishedAt', 'status', 'totals']);
  });

  it('runs the notice NOTICE_PERIOD_DAYS from the day of publication in Asia/Shanghai', () => {
    expect(noticePeriod(new Date('2025-12-28T02:00:00Z'), 7)).toEqual({ startsOn: '2025-12-28', endsOn: '2026-01-03' });
    // 01:00 in Shanghai is already the next day
    expect(noticePeriod(new Date('2025-12-28T17:00:00Z'), 5)).toEqual({ startsOn: '2025-12-29', endsOn: '2026-01-02' });
    expect(noticePeriod(null, 7)).toBeNull();
  });
});
