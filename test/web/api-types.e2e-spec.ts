import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { buildOpenApiDocumentOffline } from '../../src/infra/http/openapi-offline';
import { ROOT } from '../utils/processes';

const run = promisify(execFile);

/**
 * The console's API types (web/src/api/schema.d.ts) are generated from the server's OpenAPI document
 * (`npm run gen:api`). This fails when a change to the server's routes or classes was not followed by regenerating
 * them: the document is built offline exactly as `npm run openapi` builds it.
 */
jest.setTimeout(120_000);

describe('generated API types', () => {
  let dir: string;
  let documentFile: string;
  let doc: Awaited<ReturnType<typeof buildOpenApiDocumentOffline>>;

  beforeAll(async () => {
    doc = await buildOpenApiDocumentOffline();
    dir = mkdtempSync(join(tmpdir(), 'openapi-'));
    documentFile = join(dir, 'openapi.json');
    writeFileSync(documentFile, JSON.stringify(doc));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('are up to date with the server (run `npm run gen:api` when this fails)', async () => {
    const result = await run(process.execPath, [join(ROOT, 'scripts', 'gen-api.js'), '--document', documentFile, '--check'], {
      cwd: ROOT,
    }).then(
      ({ stdout }) => ({ ok: true, output: stdout }),
      (error: { stdout?: string; stderr?: string }) => ({ ok: false, output: `${error.stdout ?? ''}${error.stderr ?? ''}` }),
    );
    expect(result.output).toContain('web/src/api/schema.d.ts is up to date');
    expect(result.ok).toBe(true);
  });

  it('describe the console sign-in routes and their answer', () => {
    expect(Object.keys(doc.paths['/api/v1/auth/session']).sort()).toEqual(['delete', 'get', 'post']);
    expect(doc.components?.schemas?.ConsoleSessionDto).toMatchObject({
      required: expect.arrayContaining(['user', 'csrfToken', 'expiresAt']),
    });
  });
});
