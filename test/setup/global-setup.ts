import { Client } from 'pg';
import { migrate } from '../../src/infra/database/migrator';
import { testEnvironment } from './test-env';

const { generate: generateOpenApiMetadata } = require('../../scripts/openapi-metadata') as { generate: () => boolean };

/**
 * Creates and migrates this run's template database (dropped in global-teardown), so runs never collide;
 * every test file then works in its own clone of it (per-file-database.ts). The environment set here is
 * inherited by every test file.
 */
export default async function globalSetup(): Promise<void> {
  // the OpenAPI document the contract test checks answers against reads the request/response classes' metadata
  generateOpenApiMetadata();
  const adminUrl = process.env.TEST_ADMIN_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
  const dbName = `childcare_test_${Date.now()}_${process.pid}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${dbName}"`);
  await admin.end();

  const url = new URL(adminUrl);
  url.pathname = `/${dbName}`;
  await migrate(url.toString());
  const env = testEnvironment(dbName, url.toString());
  Object.assign(process.env, env, {
    TEST_DB_NAME: dbName,
    TEST_TEMPLATE_DB_NAME: dbName,
    TEST_RUN_REDIS_PREFIX: env.REDIS_PREFIX,
    TEST_ADMIN_DATABASE_URL: adminUrl,
  });
}
