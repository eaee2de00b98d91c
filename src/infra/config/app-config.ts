/**
 * The service's configuration, read and validated once at start-up.
 * Nothing else in the code base reads process.env: inject AppConfig instead.
 */
export interface AppConfig {
  nodeEnv: string;
  port: number;
  databaseUrl: string;
  redisUrl: string;
  /** Key prefix for every BullMQ queue and rate-limit key, so several deployments can share a Redis. */
  redisPrefix: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Append logs to this file instead of stdout (the test suite uses it to check what gets logged). */
  logFile: string | null;
  jwtSecret: string;
  jwtTtlSeconds: number;
  /** Console sign-in (session cookie): absolute lifetime, idle timeout, and whether cookies are marked Secure (production). */
  session: { ttlSeconds: number; idleSeconds: number; secureCookie: boolean };
  bootstrapAdmin: { username: string; password: string } | null;
  /** Run the queue workers inside the API process (set false and use `npm run start:worker` to split). */
  runWorkers: boolean;
  /** Largest JSON body accepted, in bytes (413 above it). */
  bodyLimitBytes: number;
  /** Largest uploaded roster or bank file, in bytes. */
  uploadLimitBytes: number;
  loginRateLimit: { max: number; windowSeconds: number };
  /** Keys for children's personal data: AES-256-GCM keys by id, the id used for new data, and the HMAC key for look-ups. */
  pii: { keys: Map<string, Buffer>; activeKeyId: string; hmacKey: Buffer };
  /** Cron (Asia/Shanghai) for settling the previous month automatically; empty turns it off. */
  settlementCron: string;
  /** Settlement work is split into chunks of this many children; several workers share a month's chunks. */
  settlementChunkSize: number;
  /** Settlement jobs one worker process runs at once. */
  settlementWorkerConcurrency: number;
  /** How long a settlement job's lock lasts without renewal: a killed worker's job is retried after about this long. */
  settlementJobLockMs: number;
  /** Test hook: every settlement chunk waits this long inside its transaction (0 = off; refused in production). */
  settlementTestDelayMs: number;
  /** Name printed on export headers. */
  districtName: string;
  trustProxy: boolean;
}

export const APP_CONFIG = Symbol('APP_CONFIG');

export class ConfigError extends Error {}

type Env = Record<string, string | undefined>;

function required(env: Env, name: string, problems: string[]): string {
  const value = env[name]?.trim();
  if (!value) problems.push(`${name} is required`);
  return value ?? '';
}

function int(env: Env, name: string, fallback: number, problems: string[], min = 0, max = Number.MAX_SAFE_INTEGER): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    problems.push(`${name} must be a whole number between ${min} and ${max} (got "${raw}")`);
    return fallback;
  }
  return value;
}

function bool(env: Env, name: string, fallback: boolean, problems: string[]): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (!raw) return fallback;
  if (['true', '1', 'yes'].includes(raw)) return true;
  if (['false', '0', 'no'].includes(raw)) return false;
  problems.push(`${name} must be true or false (got "${raw}")`);
  return fallback;
}

function url(env: Env, name: string, protocols: string[], problems: string[], fallback?: string): string {
  const raw = env[name]?.trim() || fallback;
  if (!raw) {
    problems.push(`${name} is required`);
    return '';
  }
  try {
    const parsed = new URL(raw);
    if (!protocols.includes(parsed.protocol)) problems.push(`${name} must start with ${protocols.join(' or ')}//`);
  } catch {
    problems.push(`${name} is not a valid URL`);
  }
  return raw;
}

function key32(raw: string, name: string, problems: string[]): Buffer {
  const buf = Buffer.from(raw, 'base64');
  if (buf.length !== 32) problems.push(`${name} must be 32 bytes, base64-encoded (openssl rand -base64 32)`);
  return buf;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Validates the environment; throws one ConfigError naming every bad or missing variable. */
export function loadConfig(env: Env): AppConfig {
  const problems: string[] = [];

  const logLevel = (env.LOG_LEVEL?.trim() || 'info') as AppConfig['logLevel'];
  if (!LOG_LEVELS.includes(logLevel)) problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`);

  const jwtSecret = required(env, 'JWT_SECRET', problems);
  if (jwtSecret && jwtSecret.length < 32) problems.push('JWT_SECRET must be at least 32 characters');

  const adminUser = env.BOOTSTRAP_ADMIN_USERNAME?.trim();
  const adminPassword = env.BOOTSTRAP_ADMIN_PASSWORD;
  if (adminUser && !adminPassword) problems.push('BOOTSTRAP_ADMIN_PASSWORD is required when BOOTSTRAP_ADMIN_USERNAME is set');
  if (adminPassword && adminPassword.length < 10) problems.push('BOOTSTRAP_ADMIN_PASSWORD must be at least 10 characters');

  // PII_KEYS: "keyId:base64key,keyId2:base64key2"
  const keys = new Map<string, Buffer>();
  const rawKeys = required(env, 'PII_KEYS', problems);
  for (const part of rawKeys.split(',').filter(Boolean)) {
    const [id, material] = part.split(':');
    if (!id || !material || !/^[A-Za-z0-9_-]{1,32}$/.test(id)) {
      problems.push('PII_KEYS must look like "k1:<base64 32 bytes>,k2:<base64 32 bytes>"');
      break;
    }
    keys.set(id, key32(material, `PII_KEYS key "${id}"`, problems));
  }
  const activeKeyId = env.PII_ACTIVE_KEY_ID?.trim() || [...keys.keys()].at(-1) || '';
  if (rawKeys && !keys.has(activeKeyId)) problems.push(`PII_ACTIVE_KEY_ID "${activeKeyId}" is not one of PII_KEYS`);
  const rawHmac = required(env, 'PII_HMAC_KEY', problems);
  const hmacKey = rawHmac ? key32(rawHmac, 'PII_HMAC_KEY', problems) : Buffer.alloc(0);

  const config: AppConfig = {
    nodeEnv: env.NODE_ENV?.trim() || 'development',
    port: int(env, 'PORT', 3000, problems, 1, 65535),
    databaseUrl: url(env, 'DATABASE_URL', ['postgresql:', 'postgres:'], problems),
    redisUrl: url(env, 'REDIS_URL', ['redis:', 'rediss:'], problems, 'redis://127.0.0.1:6379'),
    redisPrefix: env.REDIS_PREFIX?.trim() || 'childcare',
    logLevel,
    logFile: env.LOG_FILE?.trim() || null,
    jwtSecret,
    jwtTtlSeconds: int(env, 'JWT_TTL_SECONDS', 8 * 3600, problems, 60, 30 * 24 * 3600),
    session: {
      ttlSeconds: int(env, 'SESSION_TTL_SECONDS', 8 * 3600, problems, 60, 30 * 24 * 3600),
      idleSeconds: int(env, 'SESSION_IDLE_SECONDS', 30 * 60, problems, 60, 30 * 24 * 3600),
      secureCookie: (env.NODE_ENV?.trim() || 'development') === 'production',
    },
    bootstrapAdmin: adminUser && adminPassword ? { username: adminUser, password: adminPassword } : null,
    runWorkers: bool(env, 'RUN_WORKERS', true, problems),
    bodyLimitBytes: int(env, 'BODY_LIMIT_BYTES', 5 * 1024 * 1024, problems, 1024),
    uploadLimitBytes: int(env, 'UPLOAD_LIMIT_BYTES', 10 * 1024 * 1024, problems, 1024),
    loginRateLimit: {
      max: int(env, 'LOGIN_RATE_LIMIT', 10, problems, 1),
      windowSeconds: int(env, 'LOGIN_RATE_WINDOW_SECONDS', 60, problems, 1),
    },
    pii: { keys, activeKeyId, hmacKey },
    settlementCron: env.SETTLEMENT_CRON?.trim() ?? '0 2 5 * *',
    settlementChunkSize: int(env, 'SETTLEMENT_CHUNK_SIZE', 5000, problems, 1, 1_000_000),
    settlementWorkerConcurrency: int(env, 'SETTLEMENT_WORKER_CONCURRENCY', 2, problems, 1, 64),
    settlementJobLockMs: int(env, 'SETTLEMENT_JOB_LOCK_MS', 30_000, problems, 1000, 3_600_000),
    settlementTestDelayMs: int(env, 'SETTLEMENT_TEST_DELAY_MS', 0, problems, 0, 60_000),
    districtName: env.DISTRICT_NAME?.trim() || '茌平区',
    trustProxy: bool(env, 'TRUST_PROXY', false, problems),
  };

  if (config.settlementTestDelayMs > 0 && config.nodeEnv === 'production') {
    problems.push('SETTLEMENT_TEST_DELAY_MS is a test hook and must not be set in production');
  }
  if (problems.length) {
    throw new ConfigError(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
  return config;
}
