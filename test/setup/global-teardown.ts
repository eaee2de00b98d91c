import Redis from 'ioredis';
import { rmSync } from 'node:fs';
import { Client } from 'pg';
import { contractMismatches } from '../utils/contract';
import { compiledBuildDir } from '../utils/compiled-build';
import { assertLogHasNoPersonalData } from './log-privacy';

export default async function globalTeardown(): Promise<void> {
  const dbName = process.env.TEST_TEMPLATE_DB_NAME;
  if (!dbName) return;
  // read before clean-up, reported after it
  const mismatches = contractMismatches();
  const admin = new Client({ connectionString: process.env.TEST_ADMIN_DATABASE_URL });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
  // per-file clones and scratch databases of this run (test/utils/scratch-db.ts) left behind by a failed test
  const { rows } = await admin.query<{ datname: string }>('SELECT datname FROM pg_database WHERE starts_with(datname, $1)', [`${dbName}_`]);
  for (const { datname } of rows) await admin.query(`DROP DATABASE IF EXISTS "${datname.replaceAll('"', '""')}" WITH (FORCE)`);
  await admin.end();

  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    const stream = redis.scanStream({ match: `${process.env.TEST_RUN_REDIS_PREFIX}*`, count: 500 });
    for await (const keys of stream as AsyncIterable<string[]>) if (keys.length) await redis.unlink(...keys);
  } catch {
    // Redis may have been stopped by a test; its keys carry this run's prefix and do not collide.
  } finally {
    redis.disconnect();
  }

  // the run's compiled build (test/utils/compiled-build.ts), if a test made one
  rmSync(compiledBuildDir(), { recursive: true, force: true });

  // last, so clean-up happens anyway: a run whose app log holds an ID number or child's name fails
  assertLogHasNoPersonalData(process.env.LOG_FILE);
  if (mismatches.length) {
    throw new Error(`${mismatches.length} answer(s) did not match the OpenAPI document:\n${mismatches.slice(0, 50).join('\n')}`);
  }
}
