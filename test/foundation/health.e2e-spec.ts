import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import Redis from 'ioredis';
import { migrate } from '../../src/infra/database/migrator';
import { REDIS } from '../../src/infra/redis/redis.module';
import { connect, createScratchDatabase, ScratchDatabase } from '../utils/scratch-db';
import { createTestApp, TestApp } from '../utils/test-app';

const isolatedPrefix = () => `${process.env.REDIS_PREFIX}:isolated-${randomBytes(4).toString('hex')}`;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** A Redis of this test's own (never the machine's shared one), so it can be stopped. */
async function startPrivateRedis(): Promise<{ url: string; process: ChildProcess; stop: () => Promise<void> }> {
  const port = await freePort();
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  await new Promise<void>((resolve, reject) => {
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Ready to accept connections')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`redis-server exited (${code}): ${output}`)));
  });
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
  return { url: `redis://127.0.0.1:${port}`, process: child, stop };
}

/** Polls `probe` until it returns true (no timing assertion: only a generous upper bound). */
async function eventually(probe: () => Promise<boolean>, what: string, limitMs = 20_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`still not true after ${limitMs} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function connectionsTo(dbName: string): Promise<number> {
  const client = await connect(process.env.TEST_ADMIN_DATABASE_URL!);
  try {
    const { rows } = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1', [dbName]);
    return rows[0].n;
  } finally {
    await client.end();
  }
}

describe('/health, dependencies going away, and shutdown', () => {
  let redis: Awaited<ReturnType<typeof startPrivateRedis>>;
  const databases: ScratchDatabase[] = [];
  const apps: TestApp[] = [];

  beforeAll(async () => {
    redis = await startPrivateRedis();
  });
  afterAll(async () => {
    for (const app of apps) await app.close().catch(() => undefined);
    await redis?.stop();
    for (const db of databases) await db.drop();
  });

  const scratchDb = async (label: string) => {
    const db = await createScratchDatabase(label);
    databases.push(db);
    await migrate(db.url);
    return db;
  };

  it('closes every PostgreSQL and Redis connection on app.close()', async () => {
    const db = await scratchDb('shutdown');
    const t = await createTestApp({ workers: true, env: { DATABASE_URL: db.url, REDIS_URL: redis.url, REDIS_PREFIX: isolatedPrefix() } });
    await t.http().get('/health').expect(200);
    expect(await connectionsTo(db.name)).toBeGreaterThan(0);

    const probe = new Redis(redis.url);
    try {
      const clients = async () =>
        String(await probe.call('CLIENT', 'LIST'))
          .trim()
          .split('\n').length;
      expect(await clients()).toBeGreaterThan(1);
      const appRedis = t.app.get<Redis>(REDIS);

      await t.close();

      // QUIT is answered before the socket closes, and the servers notice closed connections a moment later
      await eventually(() => Promise.resolve(appRedis.status === 'end'), "the app's Redis client has ended");
      await eventually(async () => (await clients()) === 1, 'only the probe is connected to Redis');
      await eventually(async () => (await connectionsTo(db.name)) === 0, 'no connection to the database is left');
    } finally {
      probe.disconnect();
    }
  });

  it('answers 503 naming Redis when Redis is unreachable, and still shuts down', async () => {
    const t = await createTestApp({ env: { REDIS_URL: redis.url, REDIS_PREFIX: isolatedPrefix() } });
    apps.push(t);
    await t.http().get('/health').expect(200);

    await redis.stop();

    const res = await t.http().get('/health');
    expect(res.status).toBe(503);
    expect(res.body).toEqual({
      statusCode: 503,
      error: 'Service Unavailable',
      code: 'SERVICE_UNAVAILABLE',
      message: '服务暂时不可用（Redis无法连接），请稍后再试',
      details: [{ field: 'redis', code: 'DOWN', message: 'Redis无法连接' }],
      requestId: res.headers['x-request-id'],
    });
    apps.pop();
    await expect(t.close()).resolves.toBeUndefined();
  });

  it('answers 503 naming the database when PostgreSQL is unreachable', async () => {
    const db = await scratchDb('health');
    const t = await createTestApp({ env: { DATABASE_URL: db.url, REDIS_PREFIX: isolatedPrefix() } });
    apps.push(t);
    await t.http().get('/health').expect(200);

    await db.drop();

    const res = await t.http().get('/health');
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({
      statusCode: 503,
      code: 'SERVICE_UNAVAILABLE',
      message: '服务暂时不可用（数据库无法连接），请稍后再试',
      details: [{ field: 'database', code: 'DOWN', message: '数据库无法连接' }],
    });
    expect(JSON.stringify(res.body)).not.toMatch(/does not exist|terminat|Prisma|SQL/i);
  });
});
