import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { ROOT } from '../utils/processes';

/**
 * The real entry points refuse a bad configuration before they do anything: the process exits 1 with the list of
 * problems, each naming its variable (the configuration itself is unit-tested in src/infra/config).
 */
function start(entry: string, env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['-r', join(ROOT, 'test', 'utils', 'register.js'), join(ROOT, 'src', entry)],
      { cwd: ROOT, env: { ...process.env, ...env }, timeout: 60_000 },
      (error, stdout, stderr) => resolve({ code: error ? ((error as { code?: number }).code ?? null) : 0, output: stdout + stderr }),
    );
  });
}

describe('start-up refuses a bad configuration', () => {
  it('stops the API on a mistyped SETTLEMENT_CRON, saying what is wrong', async () => {
    const { code, output } = await start('main.ts', { PORT: '1', SETTLEMENT_CRON: '0 2 32 * *' });
    expect(code).toBe(1);
    expect(output).toContain('配置无效，服务未启动');
    expect(output).toContain('SETTLEMENT_CRON 不是有效的 cron 表达式（"0 2 32 * *"');
  });

  it('stops the worker in production with the example secrets of .env.example', async () => {
    const example = parseEnv(readFileSync(join(ROOT, '.env.example'), 'utf8')) as Record<string, string>;
    const { code, output } = await start('worker.ts', { ...example, NODE_ENV: 'production', DATABASE_URL: process.env.DATABASE_URL! });
    expect(code).toBe(1);
    for (const name of ['JWT_SECRET', 'PII_KEYS', 'PII_HMAC_KEY', 'AUDIT_CHAIN_KEY']) expect(output).toContain(name);
  });
});
