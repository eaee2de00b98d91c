import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { ROOT } from './processes';

const run = promisify(execFile);

/**
 * The code as `nest build` compiles it (the project's nest-cli.json and tsconfig.json, with the Swagger plugin), in a
 * private directory under test-output/ so a test run never rewrites dist/ under someone else's feet. Built once per
 * test run and shared by the files that need it (the compiled start, the API types check); global-teardown removes it.
 * Returns the `dist` directory.
 */
export async function compiledBuild(): Promise<string> {
  const buildDir = compiledBuildDir();
  const dist = join(buildDir, 'dist');
  if (existsSync(join(buildDir, '.complete'))) return dist;
  mkdirSync(buildDir, { recursive: true });
  writeFileSync(join(buildDir, 'tsconfig.json'), JSON.stringify({ extends: '../../tsconfig.json', compilerOptions: { outDir: './dist' } }));
  // the compiled migration runner finds prisma/migrations next to its dist/, as in the project and the image
  if (!existsSync(join(buildDir, 'prisma'))) symlinkSync(join(ROOT, 'prisma'), join(buildDir, 'prisma'));
  await run(
    process.execPath,
    [join(ROOT, 'node_modules', '@nestjs', 'cli', 'bin', 'nest.js'), 'build', '--path', relative(ROOT, join(buildDir, 'tsconfig.json'))],
    { cwd: ROOT, timeout: 280_000 },
  );
  writeFileSync(join(buildDir, '.complete'), '');
  return dist;
}

export function compiledBuildDir(): string {
  return join(ROOT, 'test-output', `build-${process.env.TEST_DB_NAME ?? process.pid}`);
}
