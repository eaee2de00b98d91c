import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { ConfigError, loadConfig, loadDatabaseUrl } from './app-config';
import { readEnvironment } from './environment';

const key = (fill: number) => Buffer.alloc(32, fill).toString('base64');
const valid = {
  DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/x',
  JWT_SECRET: 'x'.repeat(32),
  PII_KEYS: `k1:${key(7)}`,
  PII_HMAC_KEY: key(8),
  AUDIT_CHAIN_KEY: key(9),
};
const EXAMPLE = parseEnv(readFileSync(join(__dirname, '..', '..', '..', '.env.example'), 'utf8')) as Record<string, string>;

function problemsOf(env: Record<string, string | undefined>): string {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('the configuration was accepted');
}

describe('loadConfig', () => {
  it('applies defaults to a minimal valid environment', () => {
    const config = loadConfig(valid);
    expect(config).toMatchObject({
      nodeEnv: 'development',
      port: 3000,
      redisUrl: 'redis://127.0.0.1:6379',
      runWorkers: true,
      settlementCron: '0 2 5 * *',
      logFormat: 'pretty',
      loginThrottle: { maxFailuresPerUsername: 10, maxFailuresPerAddress: 100, windowSeconds: 900 },
      birthOrderClaims: { maxConflicts: 20, windowSeconds: 86400 },
      idempotencyInProgressTimeoutSeconds: 60,
      audit: { chainKey: Buffer.alloc(32, 9), refusalWindowSeconds: 60 },
    });
    expect(config.pii.activeKeyId).toBe('k1');
    expect(loadConfig({ ...valid, NODE_ENV: 'production' }).logFormat).toBe('json');
  });

  it('names every bad or missing variable at once', () => {
    const message = problemsOf({ PORT: 'abc', RUN_WORKERS: 'maybe', PII_KEYS: 'k1:short', PII_HMAC_KEY: key(1), SETTLEMENT_CRON: 'nope' });
    expect(message).toMatch(/^配置无效/);
    for (const name of ['DATABASE_URL', 'JWT_SECRET', 'PORT', 'RUN_WORKERS', 'PII_KEYS', 'AUDIT_CHAIN_KEY', 'SETTLEMENT_CRON']) {
      expect(message).toContain(name);
    }
  });

  it('refuses an active key id that is not configured', () => {
    expect(problemsOf({ ...valid, PII_ACTIVE_KEY_ID: 'k9' })).toContain('PII_ACTIVE_KEY_ID');
  });

  it.each(['0 2 32 * *', 'O 2 5 * *', '0 25 5 * *', '0 2 5 * * * *', 'every month'])(
    'stops on a mistyped SETTLEMENT_CRON (%s), naming it and what is wrong',
    (cron) => {
      const message = problemsOf({ ...valid, SETTLEMENT_CRON: cron });
      expect(message).toContain(`SETTLEMENT_CRON 不是有效的 cron 表达式（"${cron}"：`);
    },
  );

  it('accepts the cron patterns the job scheduler accepts, and an empty one (off)', () => {
    expect(loadConfig({ ...valid, SETTLEMENT_CRON: '' }).settlementCron).toBe('');
    expect(loadConfig({ ...valid, SETTLEMENT_CRON: '* * * * * *' }).settlementCron).toBe('* * * * * *');
    expect(loadConfig({ ...valid, SETTLEMENT_CRON: ' 30 1 1 * * ' }).settlementCron).toBe('30 1 1 * *');
  });

  it('refuses an unknown NODE_ENV (a mistyped "production" must not run as development)', () => {
    expect(problemsOf({ ...valid, NODE_ENV: 'prod' })).toContain('NODE_ENV');
  });

  it('runs on the committed .env.example outside production', () => {
    expect(loadConfig({ ...EXAMPLE, NODE_ENV: 'development' }).nodeEnv).toBe('development');
  });

  it('refuses every secret of .env.example with NODE_ENV=production, naming each', () => {
    const message = problemsOf({ ...EXAMPLE, NODE_ENV: 'production' });
    for (const name of ['JWT_SECRET', 'PII_KEYS', 'PII_HMAC_KEY', 'AUDIT_CHAIN_KEY', 'BOOTSTRAP_ADMIN_PASSWORD']) {
      expect(message).toContain(name);
    }
    expect(message).toContain('不会读取 .env.example');
    // one example key among fresh ones is still refused, under whatever id
    expect(problemsOf({ ...valid, NODE_ENV: 'production', PII_KEYS: `new:${key(3)},old:${EXAMPLE.PII_KEYS.split(':')[1]}` })).toContain(
      'PII_KEYS',
    );
    // the old docker-compose default secret too
    expect(problemsOf({ ...valid, NODE_ENV: 'production', JWT_SECRET: 'local-trial-secret-change-me-0123456789' })).toContain('JWT_SECRET');
    expect(loadConfig({ ...valid, NODE_ENV: 'production' }).nodeEnv).toBe('production');
  });

  it('refuses the settlement test hook in production', () => {
    expect(problemsOf({ ...valid, NODE_ENV: 'production', SETTLEMENT_TEST_DELAY_MS: '10' })).toContain('SETTLEMENT_TEST_DELAY_MS');
  });

  it('validates only DATABASE_URL for the migration runner', () => {
    expect(loadDatabaseUrl({ DATABASE_URL: valid.DATABASE_URL })).toBe(valid.DATABASE_URL);
    expect(() => loadDatabaseUrl({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL/);
  });
});

describe('readEnvironment', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'env-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads .env, and the environment wins over it', () => {
    writeFileSync(join(dir, '.env'), 'PORT=4000\nREDIS_PREFIX=from-file\n');
    writeFileSync(join(dir, '.env.example'), 'PORT=5000\nDISTRICT_NAME=example\n');
    const env = readEnvironment({ REDIS_PREFIX: 'from-env' }, dir);
    expect(env).toMatchObject({ PORT: '4000', REDIS_PREFIX: 'from-env' });
    expect(env.DISTRICT_NAME).toBeUndefined();
  });

  it('falls back to .env.example only outside production', () => {
    writeFileSync(join(dir, '.env.example'), 'PORT=5000\n');
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      expect(readEnvironment({}, dir).PORT).toBe('5000');
      expect(warn).toHaveBeenCalledWith(expect.stringContaining('.env.example'));
      expect(readEnvironment({ NODE_ENV: 'production' }, dir).PORT).toBeUndefined();
    } finally {
      warn.mockRestore();
    }
  });
});
