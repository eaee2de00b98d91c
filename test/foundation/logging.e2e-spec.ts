import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createTestApp } from '../utils/test-app';

/** Readable lines on a developer's machine, one JSON object per line in production; the same fields kept out of both. */
describe('log format', () => {
  const dir = join(process.cwd(), 'test-output', `logging-${process.pid}-${Date.now()}`);
  beforeAll(() => mkdirSync(dir, { recursive: true }));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function logOf(format: 'pretty' | 'json'): Promise<string[]> {
    const file = join(dir, `${format}.log`);
    const t = await createTestApp({ env: { LOG_FORMAT: format, LOG_FILE: file, LOG_LEVEL: 'info' } });
    try {
      await t.http().get('/health?secret=query-value').set('Authorization', 'Bearer header-value').expect(200);
    } finally {
      await t.close();
    }
    expect(existsSync(file)).toBe(true);
    return readFileSync(file, 'utf8').split('\n').filter(Boolean);
  }

  it('pretty: one readable line per entry, with the request line and its id', async () => {
    const lines = await logOf('pretty');
    expect(lines.every((line) => /^\[\d\d:\d\d:\d\d\.\d{3}\] (INFO|WARN|ERROR|DEBUG)/.test(line))).toBe(true);
    expect(lines.some((line) => /INFO: GET \/health 200 \d+ms req=[\w-]+ request completed/.test(line))).toBe(true);
    expect(lines.join('\n')).not.toMatch(/query-value|header-value/);
  });

  it('json: one JSON object per line', async () => {
    const lines = await logOf('json');
    const entries = lines.map((line) => JSON.parse(line) as { msg: string; req?: { path: string } });
    expect(entries.some((e) => e.msg === 'request completed' && e.req?.path === '/health')).toBe(true);
    expect(lines.join('\n')).not.toMatch(/query-value|header-value/);
  });
});
