import { uploadRequiredDocuments } from '../utils/filing-documents';
import { Queue } from 'bullmq';
import { runJobId, SETTLEMENT_QUEUE } from '../../src/settlement/queue/settlement-queue';
import { institutionBody } from '../registry/helpers';
import { expectExactSettlement, seedMonth, waitForStatus } from '../settlement/support/settlement-fixtures';
import { AppProcess, freePort } from '../utils/processes';
import { createTestApp, TestApp } from '../utils/test-app';

/**
 * Real API processes (src/main.ts, each on its own port) and worker-only processes (src/worker.ts) against this
 * run's database and Redis: an API with RUN_WORKERS=false consumes no job, a worker-only process does; two APIs
 * serving the same month's POSTs and the same filing's approvals at once still make one run and one filing
 * number. Each test has its own Redis prefix, so only its own processes touch its queue. This process only
 * reads the database and makes users. Months 2025-10 and 2025-11 belong to this file.
 */
jest.setTimeout(240_000);

type Answer = { status: number; body: Record<string, unknown> };

describe('API and worker processes', () => {
  let t: TestApp;
  let auth: { Authorization: string };
  const processes: AppProcess[] = [];
  const queues: Queue[] = [];

  beforeAll(async () => {
    t = await createTestApp();
    auth = (await t.userWithToken('admin')).auth;
  });
  afterAll(async () => {
    await Promise.all(processes.map((p) => p.kill()));
    await Promise.all(queues.map((q) => q.close()));
    await t.close();
  });

  const prefixOf = (name: string) => `${process.env.REDIS_PREFIX}:${name}`;

  function queueOf(prefix: string): Queue {
    const queue = new Queue(SETTLEMENT_QUEUE, {
      prefix: `${prefix}:bull`,
      connection: { url: t.config.redisUrl, maxRetriesPerRequest: null },
    });
    queues.push(queue);
    return queue;
  }

  /** An API process on a free port; resolves once /health answers 200. */
  async function api(env: Record<string, string>) {
    const port = await freePort();
    const p = AppProcess.api({ ...env, PORT: String(port) });
    processes.push(p);
    await p.waitForHealth(port);
    const call = async (method: 'GET' | 'POST', path: string, body?: object): Promise<Answer> => {
      const res = await fetch(`http://127.0.0.1:${port}${path}`, {
        method,
        headers: { ...auth, 'content-type': 'application/json' },
        body: body ? JSON.stringify(body) : undefined,
      });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    return { process: p, call };
  }

  it('an API process with RUN_WORKERS=false leaves a settlement QUEUED; a worker-only process computes it', async () => {
    const month = '2025-10';
    const prefix = prefixOf('api-without-workers');
    const queue = queueOf(prefix);
    await seedMonth(t, month, 16);
    const a = await api({ REDIS_PREFIX: prefix, RUN_WORKERS: 'false' });

    const posted = await a.call('POST', '/api/v1/settlements', { month });
    expect(posted).toMatchObject({ status: 202, body: { month, status: 'QUEUED', run: 1 } });
    const id = posted.body.id as string;
    // nothing consumes the queue: no worker is connected to it and the run's job waits
    expect(await queue.getWorkers()).toHaveLength(0);
    for (let i = 0; i < 10; i += 1) {
      await new Promise((r) => setTimeout(r, 300));
      expect(await (await queue.getJob(runJobId(month, 1)))?.getState()).toBe('waiting');
      expect((await a.call('GET', `/api/v1/settlements/${id}`)).body).toMatchObject({ status: 'QUEUED', progress: { done: 0 } });
    }

    const worker = AppProcess.worker({ REDIS_PREFIX: prefix, SETTLEMENT_CHUNK_SIZE: '4' });
    processes.push(worker);
    expect((await waitForStatus(t, auth, id, ['COMPUTED', 'FAILED'], 180_000)).status).toBe('COMPUTED');
    await expectExactSettlement(t, id, month);
    const chunks = await t.prisma.settlementChunk.findMany({ where: { settlementId: id } });
    expect(chunks.length).toBeGreaterThan(1);
    expect(new Set(chunks.map((c) => c.processedBy))).toEqual(new Set([expect.stringMatching(`:${worker.pid}$`)]));
    expect(await queue.getWorkers()).toHaveLength(1);

    expect(await a.process.signal('SIGTERM')).toEqual({ code: 0, signal: null });
    expect(await worker.signal('SIGTERM')).toEqual({ code: 0, signal: null });
  });

  it('two API processes: concurrent POSTs of one month make one run; concurrent approvals of one filing make one filing number', async () => {
    const month = '2025-11';
    const prefix = prefixOf('two-apis');
    const queue = queueOf(prefix);
    await seedMonth(t, month, 12);
    // no workers while the POSTs race, so the run cannot finish (and a late POST recompute it) meanwhile
    const [a, b] = await Promise.all([
      api({ REDIS_PREFIX: prefix, RUN_WORKERS: 'false' }),
      api({ REDIS_PREFIX: prefix, RUN_WORKERS: 'false' }),
    ]);

    const posts = await Promise.all(Array.from({ length: 8 }, (_, i) => (i % 2 ? a : b).call('POST', '/api/v1/settlements', { month })));
    expect(posts.map((p) => p.status)).toEqual(Array(8).fill(202));
    const id = posts[0].body.id as string;
    expect(new Set(posts.map((p) => `${p.body.id}/${p.body.run}`))).toEqual(new Set([`${id}/1`]));
    expect(await t.prisma.settlement.count({ where: { month } })).toBe(1);
    expect(await t.prisma.auditLog.count({ where: { entityId: id, action: 'SETTLEMENT_QUEUED' } })).toBe(1);
    expect(await queue.getJob(runJobId(month, 1))).toBeDefined();
    expect(await queue.getJob(runJobId(month, 2))).toBeUndefined();
    expect((await queue.getJobs(['waiting', 'active', 'delayed', 'completed'])).map((j) => j.id)).toEqual([runJobId(month, 1)]);

    const worker = AppProcess.worker({ REDIS_PREFIX: prefix, SETTLEMENT_CHUNK_SIZE: '4' });
    processes.push(worker);
    expect((await waitForStatus(t, auth, id, ['COMPUTED', 'FAILED'], 180_000)).status).toBe('COMPUTED');
    await expectExactSettlement(t, id, month);

    // one filing, approved from both processes at once: one 200 with the filing number, the rest 409
    const created = await a.call('POST', '/api/v1/institutions', institutionBody());
    expect(created.status).toBe(201);
    const institutionId = created.body.id as string;
    await uploadRequiredDocuments(t, auth, institutionId);
    expect((await b.call('POST', `/api/v1/institutions/${institutionId}/submit`, {})).status).toBe(200);
    const approvals = await Promise.all(
      Array.from({ length: 6 }, (_, i) => (i % 2 ? a : b).call('POST', `/api/v1/institutions/${institutionId}/approve`, {})),
    );
    const approved = approvals.filter((r) => r.status === 200);
    expect(approved).toHaveLength(1);
    expect(approvals.filter((r) => r.status === 409).map((r) => r.body.code)).toEqual(Array(5).fill('INVALID_STATE_TRANSITION'));
    const institution = await t.prisma.institution.findUniqueOrThrow({ where: { id: institutionId } });
    expect(institution).toMatchObject({ status: 'FILED', filingNumber: approved[0].body.filingNumber });
    expect(institution.filingNumber).toMatch(/^茌托备〔\d{4}〕\d{4,}号$/);
    const actions = await t.prisma.auditLog.findMany({ where: { entityId: institutionId }, select: { action: true } });
    expect(actions.filter((x) => x.action === 'INSTITUTION_FILED')).toHaveLength(1);
    expect(await t.prisma.institutionStatusChange.count({ where: { institutionId, toStatus: 'FILED' } })).toBe(1);

    // different filings approved from both processes at once: distinct filing numbers
    const ids: string[] = [];
    for (let i = 0; i < 4; i += 1) {
      const res = await (i % 2 ? a : b).call('POST', '/api/v1/institutions', institutionBody());
      ids.push(res.body.id as string);
      await uploadRequiredDocuments(t, auth, ids[i]);
      expect((await a.call('POST', `/api/v1/institutions/${ids[i]}/submit`, {})).status).toBe(200);
    }
    const many = await Promise.all(ids.map((x, i) => (i % 2 ? a : b).call('POST', `/api/v1/institutions/${x}/approve`, {})));
    expect(many.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    expect(new Set(many.map((r) => r.body.filingNumber)).size).toBe(4);
  });
});
