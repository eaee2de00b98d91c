import { ConfigError, loadConfig } from './app-config';

const key = Buffer.alloc(32, 7).toString('base64');
const valid = {
  DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/x',
  JWT_SECRET: 'x'.repeat(32),
  PII_KEYS: `k1:${key}`,
  PII_HMAC_KEY: key,
};

describe('loadConfig', () => {
  it('applies defaults to a minimal valid environment', () => {
    const config = loadConfig(valid);
    expect(config.port).toBe(3000);
    expect(config.redisUrl).toBe('redis://127.0.0.1:6379');
    expect(config.runWorkers).toBe(true);
    expect(config.pii.activeKeyId).toBe('k1');
    expect(config.settlementCron).toBe('0 2 5 * *');
  });

  it('names every bad or missing variable at once', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'abc', RUN_WORKERS: 'maybe', PII_KEYS: 'k1:short', PII_HMAC_KEY: key });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    for (const name of ['DATABASE_URL', 'JWT_SECRET', 'PORT', 'RUN_WORKERS', 'PII_KEYS']) {
      expect(message).toContain(name);
    }
  });

  it('refuses an active key id that is not configured', () => {
    expect(() => loadConfig({ ...valid, PII_ACTIVE_KEY_ID: 'k9' })).toThrow(/PII_ACTIVE_KEY_ID/);
  });

  it('lets SETTLEMENT_CRON be turned off with an empty value', () => {
    expect(loadConfig({ ...valid, SETTLEMENT_CRON: '' }).settlementCron).toBe('');
  });
});
