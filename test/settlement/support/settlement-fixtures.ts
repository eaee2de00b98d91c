import { ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import Redis from 'ioredis';
import { join } from 'node:path';
import { toDateString } from '../../../src/common/month';
import type { PrismaService } from '../../../src/infra/database/prisma.service';
import { EligibilityRepository } from '../../../src/registry/eligibility.repository';
import { computeMonthLines, RuleLine } from '../../../src/settlement/subsidy-rule';
import type { TestApp } from '../../utils/test-app';

const ROOT = join(__dirname, '..', '..', '..');

export interface EntrySpec {
  childId: string;
  birthOrder: number;
  enrolledOn?: string;
  withdrawnOn?: string | null;
  attendanceDays?: number;
}

/** A roster with its entries, written directly (the rosters module's endpoints are another issue's). */
export async function createRoster(
  prisma: PrismaService,
  institutionId: string,
  month: string,
  entries: EntrySpec[],
  options: { status?: 'APPROVED' | 'LOCKED' | 'DRAFT' | 'SUBMITTED'; version?: number } = {},
) {
  const roster = await prisma.roster.create({
    data: { institutionId, month, version: options.version ?? 1, status: options.status ?? 'APPROVED', reviewedAt: new Date() },
  });
  await prisma.rosterEntry.createMany({
    data: entries.map((e, i) => ({
      rosterId: roster.id,
      childId: e.childId,
      rowIndex: i + 1,
      birthOrder: e.birthOrder,
      guardianNameCipher: 'not-used-in-settlement',
      enrolledOn: new Date(`${e.enrolledOn ?? `${month}-01`}T00:00:00Z`),
      withdrawnOn: e.withdrawnOn ? new Date(`${e.withdrawnOn}T00:00:00Z`) : null,
      attendanceDays: e.attendanceDays ?? 20,
    })),
  });
  return roster;
}

export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined | null | false>,
  timeoutMs = 60_000,
  everyMs = 200,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

type SettlementBody = { id: string; status: string; run: number; progress: { done: number; total: number }; failureReason: string | null };

/** Polls GET /settlements/:id until its status is one of `statuses`. */
export async function waitForStatus(
  t: TestApp,
  auth: { Authorization: string },
  id: string,
  statuses: string[],
  timeoutMs = 90_000,
): Promise<SettlementBody> {
  let last: unknown;
  return waitFor(
    `settlement ${id} to reach ${statuses.join('/')}`,
    async () => {
      const res = await t.http().get(`/api/v1/settlements/${id}`).set(auth);
      const body = res.body as SettlementBody;
      last = body;
      return statuses.includes(body.status) ? body : null;
    },
    timeoutMs,
  ).catch((error: Error) => {
    throw new Error(`${error.message}; last answer: ${JSON.stringify(last)}`);
  });
}

/**
 * What the lines of `month` must be, from the pure rule over every effective roster of the month (not only
 * this test's: other test files share the database), with eligibility from the registry's rule.
 */
export async function expectedLines(t: TestApp, month: string): Promise<RuleLine[]> {
  const policy = await t.prisma.subsidyPolicy.findFirstOrThrow({
    where: { effectiveFrom: { lte: month } },
    orderBy: { effectiveFrom: 'desc' },
  });
  const eligibility = await t.app.get(EligibilityRepository).forMonth(month);
  const rows = await t.prisma.$queryRaw<
    {
      childId: string;
      institutionId: string;
      rosterId: string;
      birthOrder: number;
      birthDate: Date;
      enrolledOn: Date;
      withdrawnOn: Date | null;
      attendanceDays: number;
    }[]
  >`
    SELECT en."childId", r."institutionId", r.id AS "rosterId", en."birthOrder", c."birthDate", en."enrolledOn", en."withdrawnOn", en."attendanceDays"
      FROM (SELECT DISTINCT ON ("institutionId") * FROM rosters WHERE month = ${month} AND status IN ('APPROVED', 'LOCKED')
             ORDER BY "institutionId", version DESC) r
      JOIN roster_entries en ON en."rosterId" = r.id JOIN children c ON c.id = en."childId"`;
  return computeMonthLines(
    month,
    policy,
    rows.map((r) => ({
      ...r,
      birthDate: toDateString(r.birthDate),
      enrolledOn: toDateString(r.enrolledOn),
      withdrawnOn: r.withdrawnOn ? toDateString(r.withdrawnOn) : null,
    })),
    new Set([...eligibility].filter(([, e]) => e.eligible).map(([id]) => id)),
  );
}

/** The stored lines of a settlement for its own month, in the pure rule's shape and order. */
export async function storedLines(prisma: PrismaService, settlementId: string, month: string): Promise<RuleLine[]> {
  const rows = await prisma.settlementLine.findMany({
    where: { settlementId, forMonth: month },
    select: { childId: true, institutionId: true, rosterId: true, birthOrder: true, amountFen: true, reason: true },
  });
  return rows
    .map((r) => ({ ...r, rosterId: r.rosterId ?? '' }))
    .sort((a, b) => (a.childId === b.childId ? (a.institutionId < b.institutionId ? -1 : 1) : a.childId < b.childId ? -1 : 1));
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** A private redis-server child process (never the machine's shared one), for tests that stop Redis. */
export class PrivateRedis {
  private proc?: ChildProcess;
  constructor(readonly port: number) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  static async start(): Promise<PrivateRedis> {
    const redis = new PrivateRedis(await freePort());
    await redis.start();
    return redis;
  }

  async start(): Promise<void> {
    this.proc = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
      stdio: 'ignore',
    });
    await waitFor('private redis to accept connections', async () => {
      const client = new Redis(this.url, {
        lazyConnect: true,
        maxRetriesPerRequest: 0,
        enableOfflineQueue: false,
        retryStrategy: () => null,
      });
      client.on('error', () => undefined);
      try {
        await client.connect();
        return (await client.ping()) === 'PONG';
      } catch {
        return false;
      } finally {
        client.disconnect();
      }
    });
  }

  async stop(): Promise<void> {
    const proc = this.proc;
    if (!proc || proc.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      proc.once('exit', () => resolve());
      proc.kill('SIGKILL');
    });
  }
}

/** A real worker process (src/worker.ts), with the run's environment plus `env`. */
export class WorkerProcess {
  output = '';
  private constructor(readonly proc: ChildProcess) {}

  static start(env: Record<string, string>): WorkerProcess {
    const proc = spawn(process.execPath, ['-r', join(__dirname, 'register.js'), join(ROOT, 'src', 'worker.ts')], {
      cwd: ROOT,
      env: { ...process.env, BOOTSTRAP_ADMIN_USERNAME: '', BOOTSTRAP_ADMIN_PASSWORD: '', LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const worker = new WorkerProcess(proc);
    proc.stdout?.on('data', (d: Buffer) => (worker.output += d.toString()));
    proc.stderr?.on('data', (d: Buffer) => (worker.output += d.toString()));
    proc.on('exit', (code, signal) => {
      // a worker that dies on its own (not killed by the test) explains the failure that follows
      if (signal === null) console.error(`worker ${proc.pid} exited with ${code}:\n${worker.output.slice(-4000)}`);
    });
    return worker;
  }

  get pid(): number {
    return this.proc.pid!;
  }

  /** kill -9: no shutdown hook runs, its transaction and job lock are simply abandoned. */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    if (this.proc.exitCode !== null || this.proc.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      this.proc.once('exit', () => resolve());
      this.proc.kill(signal);
    });
  }
}
