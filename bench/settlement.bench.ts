import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Redis from 'ioredis';
import { Client } from 'pg';
import { Prisma } from '../src/generated/prisma/client';
import type { AppConfig } from '../src/infra/config/app-config';
import { PrismaService } from '../src/infra/database/prisma.service';
import { migrate } from '../src/infra/database/migrator';
import { EligibilityRepository } from '../src/registry/eligibility.repository';
import { liveRostersSql, monthLinesSql } from '../src/settlement/settlement-sql';

/**
 * npm run bench:settlement -- --children N [--workers W] [--chunk C] [--keep]
 *
 * A fresh database with N enrolled children across N/200 institutions (3% of children on two rosters,
 * 10% of institutions not inclusive), generated set-based. Times POST /settlements → COMPUTED through the
 * real API process and W worker processes, then the bare single-statement SQL of the same rule writing
 * the same lines into the same table, and prints
 *   settlement N children: app <s>s, sql baseline <s>s, ratio <r>
 * and, as a second baseline, the raw insert speed of the lines table itself in the same run: the app's lines copied
 * (one INSERT … SELECT) into scratch copies of settlement_lines that are bare, have its indexes, and have its indexes
 * and its foreign keys, so the cost of each kind of constraint is measured beside the app on the same data.
 */
const ROOT = join(__dirname, '..');
const MONTH = '2025-06';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

const N = Number(arg('children', '100000'));
const WORKERS = Number(arg('workers', '1'));
const CHUNK = arg('chunk', '10000');
const KEEP = process.argv.includes('--keep');

async function generate(db: Client): Promise<void> {
  const institutions = Math.max(10, Math.round(N / 200));
  await db.query(`
    INSERT INTO institutions (id, name, "creditCode", kind, status, "filingNumber", "filedAt", "approvedSlots", "updatedAt")
    SELECT gen_random_uuid(), '基准托育中心' || i, lpad(i::text, 18, '0'), 'PRIVATE', 'FILED', 'BENCH-' || i, '2020-01-01', 1000, now()
      FROM generate_series(1, ${institutions}) i`);
  await db.query(`
    INSERT INTO institution_status_changes (id, "institutionId", "fromStatus", "toStatus", at)
    SELECT gen_random_uuid(), id, 'SUBMITTED', 'FILED', '2020-01-01' FROM institutions`);
  await db.query(`
    INSERT INTO inclusive_designations (id, "institutionId", inclusive, "guidancePriceFen", "effectiveFrom")
    SELECT gen_random_uuid(), id, true, 120000, '2024-01' FROM institutions WHERE "filingNumber" NOT LIKE '%0'`);
  await db.query(`
    CREATE TEMP TABLE bench_inst AS SELECT id, row_number() OVER (ORDER BY "creditCode") - 1 AS n FROM institutions`);
  await db.query(`
    INSERT INTO rosters (id, "institutionId", month, version, status, "updatedAt")
    SELECT gen_random_uuid(), id, '${MONTH}', 1, 'APPROVED', now() FROM institutions`);
  await db.query(`
    INSERT INTO children (id, "idHash", "idCipher", "idMasked", "nameCipher", "keyId", "birthDate", sex, "birthOrder", "updatedAt")
    SELECT gen_random_uuid(), md5(i::text) || md5('x' || i), 'bench', '371523********0000', 'bench', 'k1',
           date '2021-05-20' + (i % 1300), 'M', 1 + i % 3, now()
      FROM generate_series(1, ${N}) i`);
  await db.query(`CREATE TEMP TABLE bench_child AS SELECT id, row_number() OVER (ORDER BY "idHash") AS n, "birthOrder" FROM children`);
  await db.query(`
    INSERT INTO roster_entries (id, "rosterId", "childId", "rowIndex", "birthOrder", "guardianNameCipher", "enrolledOn", "withdrawnOn", "attendanceDays")
    SELECT gen_random_uuid(), r.id, c.id, c.n, c."birthOrder", 'bench', date '2025-01-01' + (c.n % 170)::int, NULL::date, (c.n * 7) % 23
      FROM bench_child c JOIN bench_inst i ON i.n = c.n % ${institutions} JOIN rosters r ON r."institutionId" = i.id
    UNION ALL
    SELECT gen_random_uuid(), r.id, c.id, c.n, c."birthOrder", 'bench', date '2025-06-10', NULL::date, (c.n * 3) % 23
      FROM bench_child c JOIN bench_inst i ON i.n = (c.n + 1) % ${institutions} JOIN rosters r ON r."institutionId" = i.id
     WHERE c.n % 33 = 0`);
  await db.query('ANALYZE');
}

const LINE_COLUMNS = `"settlementId", "childId", "institutionId", "rosterId", "forMonth", "birthOrder", "amountFen", reason`;

/**
 * The raw insert speed of the lines table: the app's lines of settlement `id` copied with one INSERT … SELECT into
 * scratch copies of settlement_lines — bare; with its indexes; with its indexes and a row-level FK to settlements; as
 * the table is kept (its indexes and the set-based check of settlement, child and institution per statement); and as
 * it was before (indexes and three row-level FKs: settlement, child, institution). Each copy is dropped afterwards.
 */
async function insertSpeeds(db: Client, id: string) {
  const variants = {
    bare: [],
    indexed: ['INDEXES'],
    settlementFk: ['INDEXES', 'settlementId'],
    asKept: ['INDEXES', 'CHECK'],
    allFks: ['INDEXES', 'settlementId', 'childId', 'institutionId'],
  } satisfies Record<string, string[]>;
  const refs: Record<string, string> = { settlementId: 'settlements', childId: 'children', institutionId: 'institutions' };
  const seconds: Record<string, number> = {};
  let rows = 0;
  for (const [name, parts] of Object.entries(variants) as [string, string[]][]) {
    const table = `bench_lines_${name}`;
    await db.query(
      `CREATE TABLE ${table} (LIKE settlement_lines INCLUDING DEFAULTS ${parts.includes('INDEXES') ? 'INCLUDING INDEXES' : ''})`,
    );
    for (const column of parts.filter((p) => p in refs)) {
      await db.query(`ALTER TABLE ${table} ADD FOREIGN KEY ("${column}") REFERENCES ${refs[column]}(id)`);
    }
    if (parts.includes('CHECK')) {
      await db.query(`CREATE TRIGGER ${table}_check AFTER INSERT ON ${table} REFERENCING NEW TABLE AS written
                        FOR EACH STATEMENT EXECUTE FUNCTION settlement_lines_references_exist()`);
    }
    const t = Date.now();
    const result = await db.query(
      `INSERT INTO ${table} (${LINE_COLUMNS}) SELECT ${LINE_COLUMNS} FROM settlement_lines WHERE "settlementId" = $1`,
      [id],
    );
    seconds[name] = (Date.now() - t) / 1000;
    rows = result.rowCount ?? 0;
    await db.query(`DROP TABLE ${table}`);
  }
  return { rows, ...(seconds as Record<keyof typeof variants, number>) };
}

function start(script: string, env: Record<string, string>): ChildProcess {
  const proc = spawn(process.execPath, ['-r', join(ROOT, 'test/utils/register.js'), join(ROOT, 'src', script)], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return proc;
}

/** Peak resident set size of a process, in MB (VmHWM). */
function peakRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
}

async function main(): Promise<void> {
  const adminUrl = process.env.BENCH_ADMIN_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
  const dbName = `childcare_bench_${Date.now()}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${dbName}"`);
  const url = new URL(adminUrl);
  url.pathname = `/${dbName}`;
  const databaseUrl = url.toString();
  const prefix = `bench-${Date.now()}`;
  const procs: ChildProcess[] = [];
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  try {
    await migrate(databaseUrl);
    const db = new Client({ connectionString: databaseUrl });
    db.on('error', () => undefined); // dropped with the database at the end
    await db.connect();
    let t = Date.now();
    await generate(db);
    console.log(`generated ${N} children in ${((Date.now() - t) / 1000).toFixed(1)}s`);

    const port = String(4000 + Math.floor(Math.random() * 1000));
    const key = () => randomBytes(32).toString('base64');
    const env = {
      NODE_ENV: 'test',
      PORT: port,
      DATABASE_URL: databaseUrl,
      REDIS_URL: redisUrl,
      REDIS_PREFIX: prefix,
      JWT_SECRET: randomBytes(32).toString('hex'),
      PII_KEYS: `k1:${key()}`,
      PII_HMAC_KEY: key(),
      AUDIT_CHAIN_KEY: key(),
      BOOTSTRAP_ADMIN_USERNAME: 'bench-admin',
      BOOTSTRAP_ADMIN_PASSWORD: 'bench-password-123',
      RUN_WORKERS: 'false',
      SETTLEMENT_CRON: '',
      SETTLEMENT_CHUNK_SIZE: CHUNK,
      SETTLEMENT_WORKER_CONCURRENCY: '2',
      LOG_LEVEL: 'warn',
    };
    procs.push(start('main.ts', env));
    const workers = Array.from({ length: WORKERS }, () => start('worker.ts', env));
    procs.push(...workers);

    const base = `http://127.0.0.1:${port}`;
    let token = '';
    for (let i = 0; i < 300 && !token; i += 1) {
      try {
        const res = await fetch(`${base}/api/v1/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username: 'bench-admin', password: 'bench-password-123' }),
        });
        if (res.ok) token = ((await res.json()) as { accessToken: string }).accessToken;
      } catch {
        // not listening yet
      }
      if (!token) await new Promise((r) => setTimeout(r, 200));
    }
    if (!token) throw new Error('the API did not start');
    await new Promise((r) => setTimeout(r, 2000)); // let the workers connect
    await db.query('SELECT count(*) FROM roster_entries; SELECT count(*) FROM children');

    const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    t = Date.now();
    const posted = await fetch(`${base}/api/v1/settlements`, { method: 'POST', headers: auth, body: JSON.stringify({ month: MONTH }) });
    if (posted.status !== 202) throw new Error(`POST answered ${posted.status}: ${await posted.text()}`);
    const { id } = (await posted.json()) as { id: string };
    let body: {
      status: string;
      progress: { done: number; total: number };
      totals: { paidChildren: number; amountFen: number };
      failureReason: string | null;
    };
    let peak = 0;
    let apiPeak = 0;
    for (;;) {
      body = (await (await fetch(`${base}/api/v1/settlements/${id}`, { headers: auth })).json()) as typeof body;
      for (const w of workers) peak = Math.max(peak, peakRssMb(w.pid!));
      apiPeak = Math.max(apiPeak, peakRssMb(procs[0].pid!));
      if (body.status === 'COMPUTED' || body.status === 'FAILED') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const appSeconds = (Date.now() - t) / 1000;
    if (body.status === 'FAILED') throw new Error(`settlement failed: ${body.failureReason}`);
    console.log(
      `app: ${appSeconds.toFixed(2)}s, ${body.progress.total} chunks, ${body.totals.paidChildren} paid, ${body.totals.amountFen} fen`,
    );
    console.log(
      `worker peak RSS: ${peak.toFixed(0)} MB (${WORKERS} worker process(es)), API peak RSS: ${apiPeak.toFixed(0)} MB, together ${(peak * WORKERS + apiPeak).toFixed(0)} MB`,
    );
    const table = await insertSpeeds(db, id);

    // the same rule as one bare statement, writing the same lines into the same table
    const prisma = new PrismaService({ databaseUrl } as AppConfig);
    await prisma.$connect();
    const eligible = [...(await new EligibilityRepository(prisma).forMonth(MONTH))].filter(([, e]) => e.eligible).map(([i]) => i);
    const policy = await prisma.subsidyPolicy.findFirstOrThrow({
      where: { effectiveFrom: { lte: MONTH } },
      orderBy: { effectiveFrom: 'desc' },
    });
    const scratch = await prisma.settlement.create({ data: { month: '1999-01', status: 'COMPUTED' } });
    t = Date.now();
    const inserted = await prisma.$executeRaw`
      INSERT INTO settlement_lines ("settlementId", "childId", "institutionId", "rosterId", "forMonth", "birthOrder", "amountFen", reason)
      SELECT ${scratch.id}::uuid, x."childId", x."institutionId", x."rosterId", ${MONTH}, x."birthOrder", x."amountFen", x.reason
        FROM (${monthLinesSql(MONTH, policy, liveRostersSql(MONTH, eligible), Prisma.sql`true`)}) x`;
    const sqlSeconds = (Date.now() - t) / 1000;
    const [check] = await prisma.$queryRaw<{ same: boolean }[]>`
      SELECT NOT EXISTS (
        (SELECT "childId", "institutionId", "amountFen", reason FROM settlement_lines WHERE "settlementId" = ${id}::uuid
         EXCEPT SELECT "childId", "institutionId", "amountFen", reason FROM settlement_lines WHERE "settlementId" = ${scratch.id}::uuid)
        UNION ALL
        (SELECT "childId", "institutionId", "amountFen", reason FROM settlement_lines WHERE "settlementId" = ${scratch.id}::uuid
         EXCEPT SELECT "childId", "institutionId", "amountFen", reason FROM settlement_lines WHERE "settlementId" = ${id}::uuid)) AS same`;
    await prisma.settlement.delete({ where: { id: scratch.id } });
    await prisma.$disconnect();
    console.log(`sql baseline: ${inserted} lines, same lines as the app: ${check.same}`);
    await db.end();
    console.log(
      `lines table insert of the same ${table.rows} lines (one INSERT … SELECT): bare ${table.bare.toFixed(2)}s, with its indexes ${table.indexed.toFixed(2)}s, ` +
        `+ a row-level settlement FK ${table.settlementFk.toFixed(2)}s, + the set-based check instead of FKs (as kept) ${table.asKept.toFixed(2)}s, ` +
        `indexes + three row-level FKs (as before) ${table.allFks.toFixed(2)}s`,
    );
    console.log(
      `settlement ${N} children: app ${appSeconds.toFixed(2)}s, sql baseline ${sqlSeconds.toFixed(2)}s, ratio ${(appSeconds / sqlSeconds).toFixed(2)}; ` +
        `app / raw insert into the lines table as kept ${(appSeconds / table.asKept).toFixed(2)}`,
    );
  } catch (error) {
    console.error(error);
    process.exitCode = 1;
  } finally {
    for (const p of procs) p.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 1000));
    for (const p of procs) if (p.exitCode === null) p.kill('SIGKILL');
    if (!KEEP) await admin.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
    await admin.end();
    const redis = new Redis(redisUrl);
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
