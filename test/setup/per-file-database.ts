import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/**
 * Each test file gets its own database, cloned from the run's migrated template (global-setup.ts), and its own
 * Redis key prefix, so files never share months, rows or queues and never depend on each other's order.
 * Registered through jest's setupFilesAfterEnv: this beforeAll runs before the file's own hooks.
 */
const templateName = process.env.TEST_TEMPLATE_DB_NAME;
const adminUrl = process.env.TEST_ADMIN_DATABASE_URL;
const runPrefix = process.env.TEST_RUN_REDIS_PREFIX;

async function admin(sql: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

if (templateName && adminUrl && runPrefix) {
  const fileDb = `${templateName}_f${randomBytes(4).toString('hex')}`;

  beforeAll(async () => {
    // with several jest workers, another file may be cloning the template at this moment (PostgreSQL then refuses:
    // "source database … is being accessed by other users"): wait and try again
    for (let attempt = 1; ; attempt += 1) {
      try {
        await admin(`CREATE DATABASE "${fileDb}" TEMPLATE "${templateName}"`);
        break;
      } catch (error) {
        if (attempt >= 50 || !/being accessed by other users/.test(String(error))) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100 + Math.random() * 400));
      }
    }
    const url = new URL(adminUrl);
    url.pathname = `/${fileDb}`;
    process.env.DATABASE_URL = url.toString();
    // scratch databases of this file start with its name, so global-teardown finds leftovers
    process.env.TEST_DB_NAME = fileDb;
    process.env.REDIS_PREFIX = `${runPrefix}-${fileDb.slice(-9)}`;
  });

  afterAll(async () => {
    await admin(`DROP DATABASE IF EXISTS "${fileDb}" WITH (FORCE)`);
  });
}
