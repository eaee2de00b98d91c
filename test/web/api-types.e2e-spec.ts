import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { compiledBuild } from '../utils/compiled-build';
import { ROOT } from '../utils/processes';

const run = promisify(execFile);

/**
 * The console's API types (web/src/api/schema.d.ts) are generated from the server's OpenAPI document
 * (`npm run gen:api`). This fails when a change to the server's routes or DTOs was not followed by regenerating
 * them: the document is built offline from the compiled code, exactly as `npm run gen:api` builds it.
 */
jest.setTimeout(300_000);

describe('generated API types', () => {
  it('are up to date with the server (run `npm run gen:api` when this fails)', async () => {
    const dist = await compiledBuild();
    const result = await run(process.execPath, [join(ROOT, 'scripts', 'gen-api.js'), '--dist', dist, '--check'], { cwd: ROOT }).then(
      ({ stdout }) => ({ ok: true, output: stdout }),
      (error: { stdout?: string; stderr?: string }) => ({ ok: false, output: `${error.stdout ?? ''}${error.stderr ?? ''}` }),
    );
    expect(result.output).toContain('web/src/api/schema.d.ts is up to date');
    expect(result.ok).toBe(true);
  });

  it('describe the console sign-in routes and their answer', async () => {
    const dist = await compiledBuild();
    const { offlineOpenApiDocument } = require(join(dist, 'infra', 'http', 'openapi-offline.js')) as {
      offlineOpenApiDocument: () => Promise<{
        paths: Record<string, Record<string, unknown>>;
        components: { schemas: Record<string, unknown> };
      }>;
    };
    const doc = await offlineOpenApiDocument();
    expect(Object.keys(doc.paths['/api/v1/auth/session']).sort()).toEqual(['delete', 'get', 'post']);
    expect(doc.components.schemas.ConsoleSessionDto).toMatchObject({
      required: expect.arrayContaining(['user', 'csrfToken', 'expiresAt']),
    });
  });
});
