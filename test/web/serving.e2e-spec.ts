import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { WEB_CONSOLE_DIR } from '../../src/infra/http/web-console';
import { createTestApp, TestApp } from '../utils/test-app';
import { ensureConsoleBuilt } from '../utils/web-build';

/** The console is served by the API process at / with an SPA fallback that never shadows the API's own paths. */
jest.setTimeout(300_000);

describe('serving the web console', () => {
  let t: TestApp;
  const html = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

  beforeAll(async () => {
    await ensureConsoleBuilt();
    t = await createTestApp();
  });
  afterAll(() => t?.close());

  it('answers index.html at / and for the app’s own routes, revalidated, under a CSP without inline scripts', async () => {
    for (const path of ['/', '/rosters?month=2026-03', '/settlements', '/login?next=%2F', '/directory']) {
      const res = await t.http().get(path).set('Accept', html);
      expect({ path, status: res.status, type: res.headers['content-type'] }).toEqual({
        path,
        status: 200,
        type: 'text/html; charset=utf-8',
      });
      expect(res.text).toContain('<div id="root"></div>');
      expect(res.headers['cache-control']).toBe('no-cache');
      const csp = res.headers['content-security-policy'];
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
      expect(csp).toContain("style-src 'self' 'unsafe-inline'");
      expect(csp).toContain("frame-ancestors 'none'");
    }
    const index = (await t.http().get('/').set('Accept', html)).text;
    // every script is a file of this origin: nothing inline for the CSP to allow
    expect(index.match(/<script\b[^>]*>/g)?.every((tag) => /\bsrc="\/assets\//.test(tag))).toBe(true);
  });

  it('caches the hashed assets for a year and 404s a missing one instead of answering the page', async () => {
    const script = readdirSync(join(WEB_CONSOLE_DIR, 'assets')).find((f) => f.endsWith('.js'))!;
    const asset = await t.http().get(`/assets/${script}`);
    expect(asset.status).toBe(200);
    expect(asset.headers['content-type']).toMatch(/javascript/);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const missing = await t.http().get('/assets/index-missing.js').set('Accept', '*/*');
    expect(missing.status).toBe(404);
    expect(missing.headers['content-type']).toMatch(/json/);
    expect((await t.http().get('/favicon.svg')).headers['cache-control']).toBe('no-cache');
  });

  it('never shadows the API, its documentation, health or the queue dashboard, even for a browser', async () => {
    const api = await t.http().get('/api/v1/no-such-route').set('Accept', html);
    expect(api.status).toBe(404);
    expect(api.body).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
    const apiRoot = await t.http().get('/api').set('Accept', html);
    expect(apiRoot.status).toBe(404);
    expect(apiRoot.headers['content-type']).toMatch(/json/);
    const docs = await t.http().get('/docs').set('Accept', html);
    expect(docs.status).toBe(200);
    expect(docs.text).toContain('swagger');
    expect(docs.text).not.toContain('<div id="root"></div>');
    expect((await t.http().get('/docs-json').set('Accept', html)).body.openapi).toMatch(/^3\./);
    expect((await t.http().get('/health').set('Accept', html)).headers['content-type']).toMatch(/json/);
    const queues = await t.http().get('/admin/queues').set('Accept', html);
    expect(queues.status).toBe(302); // the dashboard's own answer: sign in first
    expect(queues.headers.location).toBe('/login?next=%2Fadmin%2Fqueues');
    // authenticated API answers keep no-store; only unsafe methods are never the page
    expect((await t.http().get('/api/v1/auth/me').set('Accept', html)).headers['cache-control']).toBe('no-store');
    expect((await t.http().post('/rosters').set('Accept', html)).status).toBe(404);
  });
});
