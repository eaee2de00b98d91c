import { Queue } from 'bullmq';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { buildOpenApiDocumentOffline } from '../../src/infra/http/openapi-offline';
import { SETTLEMENT_QUEUE } from '../../src/settlement/queue/settlement-queue';
import { expectExactSettlement, seedMonth, waitForStatus } from '../settlement/support/settlement-fixtures';
import { compiledBuild } from '../utils/compiled-build';
import { AppProcess, freePort, ROOT, waitFor } from '../utils/processes';
import { createTestApp, TestApp } from '../utils/test-app';

const run = promisify(execFile);

/**
 * The `npm start` path: the code compiled by `nest build` (test/utils/compiled-build.ts: the project's settings, a
 * private output directory), then the compiled migration runner (`npm run db:migrate`), then `node main.js` and
 * `node worker.js` with this run's settings: /health and /docs answer, the API runs the queue workers by
 * default, and SIGTERM ends both with exit code 0. Month 2025-12 belongs to this file.
 */
jest.setTimeout(300_000);

describe('compiled application (npm start)', () => {
  let dist: string;
  let t: TestApp;
  const processes: AppProcess[] = [];
  let queue: Queue;
  const prefix = `${process.env.REDIS_PREFIX}:compiled`;

  beforeAll(async () => {
    dist = await compiledBuild();
    t = await createTestApp();
    queue = new Queue(SETTLEMENT_QUEUE, { prefix: `${prefix}:bull`, connection: { url: t.config.redisUrl, maxRetriesPerRequest: null } });
  });
  afterAll(async () => {
    await Promise.all(processes.map((p) => p.kill()));
    await queue?.close();
    await t?.close();
  });

  it('migrates, serves /health and /docs, settles a month with its own workers, and exits 0 on SIGTERM', async () => {
    const env = { ...process.env, BOOTSTRAP_ADMIN_USERNAME: '', BOOTSTRAP_ADMIN_PASSWORD: '' };
    const migrated = await run(process.execPath, [join(dist, 'infra', 'database', 'migrate-cli.js')], { cwd: ROOT, env });
    expect(migrated.stdout).toContain('Database is up to date');

    const port = await freePort();
    // RUN_WORKERS is not set: the default (true) applies
    const api = AppProcess.compiled(join(dist, 'main.js'), { PORT: String(port), REDIS_PREFIX: prefix, SETTLEMENT_CHUNK_SIZE: '4' });
    processes.push(api);
    await api.waitForHealth(port);
    const base = `http://127.0.0.1:${port}`;
    const docs = await fetch(`${base}/docs`);
    expect(docs.status).toBe(200);
    expect(await docs.text()).toContain('swagger');
    const openapi = (await (await fetch(`${base}/docs-json`)).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(openapi.paths)).toEqual(expect.arrayContaining(['/api/v1/settlements', '/api/v1/institutions/{id}/approve']));
    // compiled by tsc, the document is the one the tests check answers against and `npm run openapi` writes
    expect(openapi).toEqual(JSON.parse(JSON.stringify(await buildOpenApiDocumentOffline())));

    const month = '2025-12';
    await seedMonth(t, month, 10);
    const { auth } = await t.userWithToken('admin');
    const posted = await fetch(`${base}/api/v1/settlements`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ month }),
    });
    expect(posted.status).toBe(202);
    const { id } = (await posted.json()) as { id: string };
    expect((await waitForStatus(t, auth, id, ['COMPUTED', 'FAILED'], 180_000)).status).toBe('COMPUTED');
    await expectExactSettlement(t, id, month);
    const chunks = await t.prisma.settlementChunk.findMany({ where: { settlementId: id } });
    expect(new Set(chunks.map((c) => c.processedBy))).toEqual(new Set([expect.stringMatching(`:${api.pid}$`)]));

    // the worker-only entry point (`npm run start:worker`) joins the same queue
    const worker = AppProcess.compiled(join(dist, 'worker.js'), { REDIS_PREFIX: prefix });
    processes.push(worker);
    await waitFor('the worker process to join the queue', async () => (await queue.getWorkers()).length === 2, 120_000);

    expect(await worker.signal('SIGTERM')).toEqual({ code: 0, signal: null });
    expect(await api.signal('SIGTERM')).toEqual({ code: 0, signal: null });
    expect(await queue.getWorkers()).toHaveLength(0);
  });
});
