/**
 * `npm run bench:rush`: the month-end rush against the real API over HTTP. 200 filed institutions each upload a
 * 60-child roster as JSON (25 at a time), then submit it; an admin approves them 10 at a time. Prints uploads per
 * second, entries per second, p50/p95/p99 of upload, submit and approve, and the share of failed requests.
 *
 * Own database, own Redis prefix, the API's own workers; the sign-in limit is raised for the benchmark only.
 * Options: --institutions N (200), --children N (60), --concurrency N (25), --approvers N (10),
 * --api-processes N (0: the API runs in this process beside the HTTP client; N: the uploads, submits and approvals go
 * round-robin to N API processes of their own, started from src/main.ts against the same database and Redis, as the
 * service scales out; the CPU line then counts those processes),
 * --profile FILE: a CPU profile of the upload window only (set-up, sign-in and approvals excluded), written as FILE
 * (open it in Chrome DevTools, or summarise it with `node -r ./test/utils/register.js bench/profile-summary.ts FILE`).
 * Target on the 2-core development machine: p95 upload ≤ 250 ms and ≥ 150 uploads/s at 25 concurrent, 0 failures.
 */
import { NestFactory } from '@nestjs/core';
import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import type { AddressInfo } from 'node:net';
import { loadavg } from 'node:os';
import { AppModule } from '../src/app.module';
import { hashPassword } from '../src/users/password';
import { buildResidentId } from '../src/common/identity/resident-id';
import { addMonths, shanghaiMonthOf } from '../src/common/month';
import { loadConfig } from '../src/infra/config/app-config';
import { PrismaService } from '../src/infra/database/prisma.service';
import { migrate } from '../src/infra/database/migrator';
import { configureHttp } from '../src/infra/http/configure-http';
import { testEnvironment } from '../test/setup/test-env';
import { createFiledInstitution } from '../test/utils/factories';
import { createScratchDatabase } from '../test/utils/scratch-db';

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? Number(process.argv[at + 1]) : fallback;
}

const INSTITUTIONS = option('institutions', 200);
const CHILDREN = option('children', 60);
const CONCURRENCY = option('concurrency', 25);
const APPROVERS = option('approvers', 10);
const API_PROCESSES = option('api-processes', 0);
const ROOT = join(__dirname, '..');
const PASSWORD = 'bench password 123';
const PROFILE = process.argv.includes('--profile') ? process.argv[process.argv.indexOf('--profile') + 1] : null;

interface Timed {
  ms: number;
  ok: boolean;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function summary(name: string, timings: Timed[]): string {
  const ms = timings.map((t) => t.ms).sort((a, b) => a - b);
  const failed = timings.filter((t) => !t.ok).length;
  const f = (n: number) => `${n.toFixed(0)} ms`;
  return `${name.padEnd(8)} n=${timings.length}  p50 ${f(percentile(ms, 50))}  p95 ${f(percentile(ms, 95))}  p99 ${f(percentile(ms, 99))}  failed ${failed}`;
}

/** CPU seconds (user + system) a process has used so far, from /proc (0 when it has gone). */
function cpuSecondsOf(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (100 per second)
  } catch {
    return 0;
  }
}

function loadAverage(): string {
  return loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
}

/** An API process of its own (src/main.ts, no queue workers) on `port`; resolves once it answers its health check. */
async function startApi(env: Record<string, string>, port: number): Promise<ChildProcess> {
  const proc = spawn(process.execPath, ['-r', join(ROOT, 'test/utils/register.js'), join(ROOT, 'src/main.ts')], {
    cwd: ROOT,
    env: { ...process.env, ...env, PORT: String(port), RUN_WORKERS: 'false' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (let i = 0; i < 600; i++) {
    if (proc.exitCode !== null) throw new Error(`API process on port ${port} exited with ${proc.exitCode}`);
    const up = await fetch(`http://127.0.0.1:${port}/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) return proc;
    await new Promise((r) => setTimeout(r, 100));
  }
  proc.kill('SIGTERM');
  throw new Error(`API process on port ${port} did not start`);
}

/** Runs `work` over `items` with at most `limit` in flight. */
async function pool<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await work(items[next++]);
    }),
  );
}

async function main(): Promise<void> {
  // the benchmark's own database on the local server (tests get theirs from jest's global setup)
  process.env.TEST_ADMIN_DATABASE_URL ??= 'postgresql://postgres@127.0.0.1:5432/postgres';
  const db = await createScratchDatabase('bench_rush');
  try {
    await migrate(db.url);
    const env = {
      ...testEnvironment(db.name, db.url),
      LOG_LEVEL: 'warn',
      LOG_FILE: '',
      LOGIN_MAX_FAILURES_PER_ADDRESS: '1000000',
      LOGIN_MAX_FAILURES_PER_USERNAME: '1000000',
    };
    const config = loadConfig(env);
    const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, { workers: true }), {
      bodyParser: false,
      logger: ['error'],
    });
    await configureHttp(app, config);
    await app.listen(0, '127.0.0.1');
    const base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}/api/v1`;
    const prisma = app.get(PrismaService);
    const apis: ChildProcess[] = [];
    try {
      const firstPort = 5000 + Math.floor(Math.random() * 2000);
      for (let i = 0; i < API_PROCESSES; i++) apis.push(await startApi(env, firstPort + i));
      /** where the rush's requests go: round-robin over the API processes, or this process's API */
      const bases = apis.length ? apis.map((_, i) => `http://127.0.0.1:${firstPort + i}/api/v1`) : [base];
      const baseFor = (n: number) => bases[n % bases.length];
      // the previous month in Asia/Shanghai: the month institutions report at month end
      const month = addMonths(shanghaiMonthOf(new Date()), -1);
      const passwordHash = await hashPassword(PASSWORD);
      const institutions: { id: string; username: string }[] = [];
      for (let i = 0; i < INSTITUTIONS; i++) {
        const inst = await createFiledInstitution(prisma, { data: { approvedSlots: CHILDREN + 20 } });
        const username = `rush-operator-${i}`;
        await prisma.user.create({ data: { username, passwordHash, role: 'operator', institutionId: inst.id } });
        institutions.push({ id: inst.id, username });
      }
      await prisma.user.create({ data: { username: 'rush-admin', passwordHash, role: 'admin' } });

      const signIn = async (username: string): Promise<string> => {
        const res = await fetch(`${base}/auth/login`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ username, password: PASSWORD }),
        });
        if (!res.ok) throw new Error(`sign-in of ${username}: ${res.status}`);
        return ((await res.json()) as { accessToken: string }).accessToken;
      };
      const tokens = new Map<string, string>();
      await pool(institutions, 10, async (i) => void tokens.set(i.id, await signIn(i.username)));
      const adminToken = await signIn('rush-admin');

      const entries = (institution: number) =>
        Array.from({ length: CHILDREN }, (_, c) => {
          const day = String(1 + (c % 28)).padStart(2, '0');
          return {
            idNumber: buildResidentId(
              `2024-0${1 + (c % 9)}-${day}`,
              (institution * CHILDREN + c) % 1000,
              String(371500 + Math.floor((institution * CHILDREN + c) / 1000)),
            ),
            name: `儿童${institution}-${c}`,
            birthOrder: 1 + (c % 3),
            guardianName: `家长${institution}-${c}`,
            guardianPhone: '13800001111',
            enrolledOn: '2025-09-01',
            withdrawnOn: null,
            attendanceDays: 20,
          };
        });
      const bodies = new Map(institutions.map((inst, n) => [inst.id, JSON.stringify({ month, entries: entries(n) })]));

      const timed = async (list: Timed[], request: () => Promise<Response>): Promise<Response | null> => {
        const started = performance.now();
        try {
          const res = await request();
          const text = await res.text();
          list.push({ ms: performance.now() - started, ok: res.ok });
          return res.ok ? new Response(text, { status: res.status }) : null;
        } catch {
          list.push({ ms: performance.now() - started, ok: false });
          return null;
        }
      };
      const uploads: Timed[] = [];
      const submits: Timed[] = [];
      const approvals: Timed[] = [];
      const submitted: string[] = [];

      const profiler = PROFILE ? new Session() : null;
      if (profiler) {
        profiler.connect();
        await profiler.post('Profiler.enable');
        await profiler.post('Profiler.setSamplingInterval', { interval: 200 });
        await profiler.post('Profiler.start');
      }
      // CPU used by this process (API, workers and the HTTP client) and by the database's backends during the window:
      // on a shared machine these say more than the wall clock, which other people's load stretches
      const backends = async () =>
        (await prisma.$queryRaw<{ pid: number }[]>`SELECT pid FROM pg_stat_activity WHERE datname = current_database()`).map((r) => r.pid);
      const pgBefore = new Map((await backends()).map((pid) => [pid, cpuSecondsOf(pid)]));
      const cpuBefore = process.cpuUsage();
      const apiCpuBefore = apis.map((p) => cpuSecondsOf(p.pid!));
      // how many of the database's sessions wait for a lock (the audit chain's advisory lock, a roster row) and how many
      // are busy, sampled every 50 ms on a connection of its own: whether writers queue on the chain lock
      const { Client } = await import('pg');
      const sampler = new Client({ connectionString: db.url });
      await sampler.connect();
      const samples = { n: 0, advisory: 0, otherLock: 0, active: 0 };
      let sampling = true;
      const sampled = (async () => {
        while (sampling) {
          const { rows } = await sampler.query<{ advisory: number; other: number; active: number }>(
            `SELECT count(*) FILTER (WHERE wait_event = 'advisory')::int AS advisory,
                    count(*) FILTER (WHERE wait_event_type = 'Lock' AND wait_event <> 'advisory')::int AS other,
                    count(*) FILTER (WHERE state = 'active' AND wait_event_type IS DISTINCT FROM 'Lock')::int - 1 AS active
               FROM pg_stat_activity WHERE datname = current_database()`,
          );
          samples.n += 1;
          samples.advisory += rows[0].advisory;
          samples.otherLock += rows[0].other;
          samples.active += rows[0].active;
          await new Promise((r) => setTimeout(r, 50));
        }
      })();
      const rushStarted = performance.now();
      await pool(institutions, CONCURRENCY, async (inst) => {
        const auth = { Authorization: `Bearer ${tokens.get(inst.id)}`, 'Content-Type': 'application/json' };
        const at = baseFor(institutions.indexOf(inst));
        const made = await timed(uploads, () =>
          fetch(`${at}/institutions/${inst.id}/rosters`, { method: 'POST', headers: auth, body: bodies.get(inst.id) }),
        );
        if (!made) return;
        const roster = (await made.json()) as { id: string };
        const done = await timed(submits, () => fetch(`${at}/rosters/${roster.id}/submit`, { method: 'POST', headers: auth }));
        if (done) submitted.push(roster.id);
      });
      const uploadSeconds = (performance.now() - rushStarted) / 1000;
      sampling = false;
      await sampled;
      await sampler.end();
      const cpu = process.cpuUsage(cpuBefore);
      const ownCpuSeconds = (cpu.user + cpu.system) / 1e6;
      const apiCpuSeconds = apis.reduce((sum, p, i) => sum + cpuSecondsOf(p.pid!) - apiCpuBefore[i], 0);
      const pgCpuSeconds = (await backends()).reduce((sum, pid) => sum + cpuSecondsOf(pid) - (pgBefore.get(pid) ?? 0), 0);
      if (profiler && PROFILE) {
        const { profile } = await profiler.post('Profiler.stop');
        writeFileSync(PROFILE, JSON.stringify(profile));
        profiler.disconnect();
        console.log(`CPU profile of the upload window written to ${PROFILE}`);
      }
      await pool(submitted, APPROVERS, async (id) => {
        await timed(approvals, () =>
          fetch(`${baseFor(submitted.indexOf(id))}/rosters/${id}/approve`, {
            method: 'POST',
            headers: { Authorization: `Bearer ${adminToken}` },
          }),
        );
      });

      const all = [...uploads, ...submits, ...approvals];
      const failed = all.filter((t) => !t.ok).length;
      const okUploads = uploads.filter((t) => t.ok).length;
      console.log(
        `month-end rush: ${INSTITUTIONS} institutions × ${CHILDREN} children, ${CONCURRENCY} concurrent uploads, ${APPROVERS} concurrent approvals, ${apis.length ? `${apis.length} API processes` : 'the API in this process'}`,
      );
      console.log(
        `uploads  ${(okUploads / uploadSeconds).toFixed(1)} uploads/s (${((okUploads * CHILDREN) / uploadSeconds).toFixed(0)} entries/s, uploads and submits in ${uploadSeconds.toFixed(1)} s)`,
      );
      const perPair = (seconds: number) => `${((1000 * seconds) / INSTITUTIONS).toFixed(1)} ms`;
      console.log(
        apis.length
          ? `cpu      ${apis.length} API processes ${perPair(apiCpuSeconds)}, the benchmark's own process (HTTP client) ${perPair(ownCpuSeconds)}, postgres ${perPair(pgCpuSeconds)} per upload + submit (load average ${loadAverage()})`
          : `cpu      node ${perPair(ownCpuSeconds)}, postgres ${perPair(pgCpuSeconds)} per upload + submit (load average ${loadAverage()})`,
      );
      const mean = (v: number) => (v / Math.max(1, samples.n)).toFixed(1);
      console.log(
        `database sessions, mean of ${samples.n} samples: ${mean(samples.advisory)} waiting for the audit chain lock, ` +
          `${mean(samples.otherLock)} for another lock, ${mean(samples.active)} running a statement`,
      );
      console.log(summary('upload', uploads));
      console.log(summary('submit', submits));
      console.log(summary('approve', approvals));
      console.log(`failed requests: ${failed} of ${all.length} (${((100 * failed) / Math.max(1, all.length)).toFixed(2)} %)`);
      if (failed > 0) process.exitCode = 1;
    } finally {
      await Promise.all(
        apis.map(
          (p) => new Promise<void>((resolve) => (p.exitCode !== null ? resolve() : (p.once('exit', () => resolve()), p.kill('SIGTERM')))),
        ),
      );
      await app.close();
    }
  } finally {
    await db.drop();
  }
}

void main();
