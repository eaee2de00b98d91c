import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { AppConfig, ConfigError, Env, loadConfig, loadDatabaseUrl } from './app-config';

/**
 * The one place that reads process.env. Variables set in the environment win over the `.env` file in the working
 * directory. Without a `.env`, a development machine falls back to `.env.example` (with a warning) so a first
 * `npm start` works; with NODE_ENV=production there is no fallback: every value must come from the environment or
 * a real `.env`.
 */
export function readEnvironment(environment: Env = process.env, dir = process.cwd()): Env {
  const dotEnv = join(dir, '.env');
  const example = join(dir, '.env.example');
  const file = existsSync(dotEnv) ? dotEnv : environment.NODE_ENV !== 'production' && existsSync(example) ? example : null;
  if (file === example) console.warn('未找到 .env：使用 .env.example 中的开发用值（生产环境不得使用）');
  const fromFile = file ? (parseEnv(readFileSync(file, 'utf8')) as Env) : {};
  return { ...fromFile, ...environment };
}

/** Stops the process with the list of problems when the configuration is invalid. */
function orExit<T>(load: () => T): T {
  try {
    return load();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}

/** The validated configuration of an API or worker process. */
export function configFromEnvironment(): AppConfig {
  return orExit(() => loadConfig(readEnvironment()));
}

/** The database URL for the migration runner, which needs nothing else. */
export function databaseUrlFromEnvironment(): string {
  return orExit(() => loadDatabaseUrl(readEnvironment()));
}
