import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/**
 * A throw-away database for tests that must not touch the run's shared one (migration runs, tampering
 * with the audit chain, dropping the database under a running app). Created empty; `drop()` removes it
 * even while connections are open.
 */
export interface ScratchDatabase {
  name: string;
  url: string;
  drop: () => Promise<void>;
}

function adminUrl(): string {
  const url = process.env.TEST_ADMIN_DATABASE_URL;
  if (!url) throw new Error('TEST_ADMIN_DATABASE_URL is not set: run the tests through jest (test/setup/global-setup.ts)');
  return url;
}

/** Runs one statement on the maintenance database (CREATE/DROP DATABASE cannot run in a transaction). */
export async function adminQuery(sql: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl() });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** The URL of database `name` on the test server. */
export function databaseUrl(name: string): string {
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  return url.toString();
}

/** A unique name that is not created yet; it starts with the run's database name, so global-teardown drops leftovers. */
export function scratchName(label: string): string {
  return `${process.env.TEST_DB_NAME ?? 'childcare_test'}_${randomBytes(3).toString('hex')}_${label}`.slice(0, 63);
}

export async function createScratchDatabase(label: string): Promise<ScratchDatabase> {
  const name = scratchName(label);
  await adminQuery(`CREATE DATABASE "${name}"`);
  return { name, url: databaseUrl(name), drop: () => adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}

/** Opens a pg client on `url`; the caller ends it. */
export async function connect(url: string): Promise<Client> {
  const client = new Client({ connectionString: url });
  await client.connect();
  return client;
}
