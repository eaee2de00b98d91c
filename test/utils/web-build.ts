import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { WEB_CONSOLE_DIR } from '../../src/infra/http/web-console';
import { ROOT } from './processes';

const run = promisify(execFile);
const STAMP = join(WEB_CONSOLE_DIR, '.source-hash');
const INPUTS = ['web/src', 'web/public', 'web/index.html', 'web/vite.config.ts', 'package-lock.json'];

function files(path: string): string[] {
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .sort()
    .flatMap((name) => files(join(path, name)));
}

/** A hash of everything the console build reads. */
function sourceHash(): string {
  const hash = createHash('sha256');
  for (const file of INPUTS.flatMap((input) => files(join(ROOT, input)))) {
    if (file.endsWith('.spec.ts') || file.endsWith('.spec.tsx')) continue;
    hash.update(relative(ROOT, file)).update('\0').update(readFileSync(file)).update('\0');
  }
  return hash.digest('hex');
}

/**
 * Browser tests serve the real build (web/dist) through the Nest app, as `npm start` does. It is rebuilt here
 * only when the console's sources changed since the last build (a few seconds), so `npm test` needs no extra step.
 */
export async function ensureConsoleBuilt(): Promise<void> {
  const hash = sourceHash();
  if (existsSync(STAMP) && readFileSync(STAMP, 'utf8') === hash && existsSync(join(WEB_CONSOLE_DIR, 'index.html'))) return;
  await run(
    process.execPath,
    [join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', 'web/vite.config.ts', '--logLevel', 'error'],
    {
      cwd: ROOT,
      timeout: 240_000,
    },
  );
  writeFileSync(STAMP, hash);
}
