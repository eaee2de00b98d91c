import { randomBytes } from 'node:crypto';

/** The environment of one test run: its own database and Redis key prefix, fresh keys. */
export function testEnvironment(dbName: string, databaseUrl: string): Record<string, string> {
  const key = () => randomBytes(32).toString('base64');
  return {
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl,
    REDIS_URL: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
    REDIS_PREFIX: `test-${dbName}`,
    JWT_SECRET: randomBytes(32).toString('hex'),
    PII_KEYS: `t1:${key()},t2:${key()}`,
    PII_ACTIVE_KEY_ID: 't2',
    PII_HMAC_KEY: key(),
    AUDIT_CHAIN_KEY: key(),
    LOG_LEVEL: 'debug',
    // all test files share one client address; the sign-in limit itself is tested on its own app instance
    LOGIN_MAX_FAILURES_PER_ADDRESS: '100000',
    LOG_FILE: `${process.cwd()}/test-output/${dbName}.log`,
    SETTLEMENT_CRON: '',
  };
}
