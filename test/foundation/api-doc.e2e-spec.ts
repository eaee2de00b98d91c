import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildOpenApiDocumentOffline } from '../../src/infra/http/openapi-offline';
import { createTestApp, TestApp } from '../utils/test-app';

const OPERATION = /`(GET|POST|PUT|PATCH|DELETE) (\/[^`\s?]*)[^`]*`/g;

/** docs/api.md and `npm run openapi` stay in step with the OpenAPI document the service serves. */
describe('the OpenAPI document and docs/api.md', () => {
  let t: TestApp;
  let served: { paths: Record<string, Record<string, unknown>> };

  beforeAll(async () => {
    t = await createTestApp();
    served = (await t.http().get('/docs-json').expect(200)).body;
  });
  afterAll(() => t.close());

  it('is built without a server exactly as the service serves it (npm run openapi)', async () => {
    expect(JSON.parse(JSON.stringify(await buildOpenApiDocumentOffline()))).toEqual(served);
  });

  it('has every operation in docs/api.md, and docs/api.md names no other', () => {
    const operations = Object.entries(served.paths).flatMap(([path, item]) => Object.keys(item).map((m) => `${m.toUpperCase()} ${path}`));
    const listed = [...readFileSync(join(__dirname, '..', '..', 'docs', 'api.md'), 'utf8').matchAll(OPERATION)].map(
      (m) => `${m[1]} ${m[2]}`,
    );
    expect(operations.filter((op) => !listed.includes(op))).toEqual([]);
    expect([...new Set(listed)].filter((op) => !operations.includes(op))).toEqual([]);
    expect(operations.length).toBeGreaterThanOrEqual(72);
  });
});
