import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { errorCodesMarkdown } from '../../scripts/error-codes';
import { isChinese, renderText } from '../../src/common/i18n/messages';
import { CATALOGUES, ERROR_CATALOGUE } from '../../src/error-catalogue';
import { createFiledInstitution } from '../utils/factories';
import { raisedCodes } from '../utils/raised-codes';
import { createTestApp, TestApp } from '../utils/test-app';

const ROOT = join(__dirname, '..', '..');

/** Chinese first: one catalogue of every code's Chinese text, English on request, kept complete by these tests. */
describe('messages people read', () => {
  describe('the catalogue', () => {
    it('has a Chinese text for every code the code base can raise', () => {
      const raised = raisedCodes(ROOT);
      expect(raised.length).toBeGreaterThan(100);
      const missing = raised.filter((r) => !ERROR_CATALOGUE[r.code]).map((r) => `${r.code} (${r.where})`);
      expect(missing).toEqual([]);
    });

    it('declares each code once, with a text that is Chinese whatever parameters it is given', () => {
      const owners = new Map<string, string[]>();
      for (const [owner, catalogue] of Object.entries(CATALOGUES)) {
        for (const code of Object.keys(catalogue)) owners.set(code, [...(owners.get(code) ?? []), owner]);
      }
      expect([...owners].filter(([, list]) => list.length > 1)).toEqual([]);
      const samples = [{}, { field: 'name', status: 'FILED', month: '2025-03', fields: ['name'], verb: 'edited', allowed: ['DRAFT'] }];
      for (const [code, text] of Object.entries(ERROR_CATALOGUE)) {
        for (const params of samples) {
          const zh = renderText(text.zh, params);
          if (!isChinese(zh) || /undefined|NaN|\[object/.test(zh)) throw new Error(`${code}: "${zh}"`);
        }
      }
    });

    it('is listed in docs/error-codes.md (npm run docs:errors)', () => {
      expect(readFileSync(join(ROOT, 'docs', 'error-codes.md'), 'utf8')).toBe(errorCodesMarkdown());
    });
  });

  describe('answers', () => {
    let t: TestApp;
    let admin: { auth: { Authorization: string } };
    beforeAll(async () => {
      t = await createTestApp();
      admin = await t.userWithToken('admin');
    });
    afterAll(() => t?.close());

    it('answers in Chinese by default and in English on Accept-Language: en, with the same code', async () => {
      const id = '00000000-0000-4000-8000-000000000000';
      const zh = await t.http().get(`/api/v1/institutions/${id}`).set(admin.auth);
      expect(zh.status).toBe(404);
      expect(zh.body).toMatchObject({ code: 'NOT_FOUND', message: '托育机构不存在' });
      expect(zh.headers['content-language']).toBe('zh-CN');

      const en = await t.http().get(`/api/v1/institutions/${id}`).set(admin.auth).set('Accept-Language', 'en-US,en;q=0.9');
      expect(en.body).toMatchObject({ code: 'NOT_FOUND', message: 'Institution not found' });
      expect(en.headers['content-language']).toBe('en');

      // a browser that prefers Chinese but also accepts English gets Chinese
      const both = await t.http().get(`/api/v1/institutions/${id}`).set(admin.auth).set('Accept-Language', 'zh-CN,zh;q=0.9,en;q=0.8');
      expect(both.body.message).toBe('托育机构不存在');
    });

    it('names each problem of a request in Chinese, with the field by its Chinese name', async () => {
      const res = await t
        .http()
        .post('/api/v1/institutions')
        .set(admin.auth)
        .send({ name: ' ', creditCode: 'x'.repeat(40), kind: 'NONE', approvedSlots: -1 });
      expect(res.status).toBe(422);
      expect(res.body.message).toBe('提交的内容有误，请按明细逐项修改');
      const byField = Object.fromEntries(
        res.body.details.map((d: { field: string; code: string; message: string }) => [`${d.field} ${d.code}`, d.message]),
      );
      expect(byField).toMatchObject({
        'creditCode MAX_LENGTH': '“统一社会信用代码”不能超过 32 个字符',
        'kind IS_IN': '“类型”不是可选的值之一',
        'approvedSlots MIN': '“核定托位数”不能小于 0',
      });
      for (const d of res.body.details) expect(isChinese(d.message)).toBe(true);
    });

    it('fills the case into the text: the status and the month a refusal is about', async () => {
      const inst = await createFiledInstitution(t.prisma);
      const res = await t.http().post(`/api/v1/institutions/${inst.id}/submit`).set(admin.auth);
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ code: 'INVALID_STATE_TRANSITION', message: '机构当前为“已备案”，不能提交备案' });
      const en = await t.http().post(`/api/v1/institutions/${inst.id}/submit`).set(admin.auth).set('Accept-Language', 'en');
      expect(en.body.message).toMatch(/^Cannot submit an institution that is FILED/);
    });
  });
});
