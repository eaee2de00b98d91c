import { ValidationError, validateSync } from 'class-validator';
import { DatabaseEnvDto, EnvDto } from './env.dto';
import { publicExampleValuesIn } from './example-values';

/**
 * The service's configuration, read and validated once at start-up (src/infra/config/environment.ts reads the
 * environment and the .env file). Nothing else in the code base reads process.env: inject AppConfig instead.
 */
export interface AppConfig {
  nodeEnv: 'development' | 'test' | 'production';
  port: number;
  databaseUrl: string;
  redisUrl: string;
  /** Key prefix for every BullMQ queue and rate-limit key, so several deployments can share a Redis. */
  redisPrefix: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** `pretty`: one readable line per entry (default outside production); `json`: one JSON object per line. */
  logFormat: 'pretty' | 'json';
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
  /** Largest filing document (备案材料) accepted, in bytes (413 above it). */
  documentLimitBytes: number;
  /** Failed sign-ins allowed per username and per client address within the window; successes never count. */
  loginThrottle: { maxFailuresPerUsername: number; maxFailuresPerAddress: number; windowSeconds: number };
  /**
   * Roster entries an operator may submit claiming a birth order that differs from the child's confirmed one, within
   * the window (from the first such claim); then every roster write of that operator answers 429 until it ends.
   */
  birthOrderClaims: { maxConflicts: number; windowSeconds: number };
  /** A request holding an Idempotency-Key this long without finishing is taken as crashed: a retry may take the key over. */
  idempotencyInProgressTimeoutSeconds: number;
  /** Keys for children's personal data: AES-256-GCM keys by id, the id used for new data, and the HMAC key for look-ups. */
  pii: { keys: Map<string, Buffer>; activeKeyId: string; hmacKey: Buffer };
  /**
   * `chainKey`: the key of the audit chain's HMAC (kept out of the database, so a consistent rewrite of the log
   * from within the database is detected). `refusalWindowSeconds`: refused attempts are counted per actor and
   * kind over windows this long and written to the chain once per window.
   */
  audit: { chainKey: Buffer; refusalWindowSeconds: number };
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
  /** How often every process retries settlement runs whose job could not be put on the queue yet (the outbox). */
  settlementOutboxIntervalMs: number;
  /** Name printed on export headers. */
  districtName: string;
  /** Public notice (公示) of a settlement: how many days it runs from publication, and where objections go. */
  notice: { periodDays: number; objectionsTo: string };
  trustProxy: boolean;
}

export const APP_CONFIG = Symbol('APP_CONFIG');

export class ConfigError extends Error {}

export type Env = Record<string, string | undefined>;

/** Trimmed values; a blank one counts as unset, except SETTLEMENT_CRON, where empty means "off". */
function normalise(env: Env): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    const trimmed = value?.trim();
    if (trimmed || (name === 'SETTLEMENT_CRON' && trimmed === '')) out[name] = trimmed;
  }
  return out;
}

function problemsOf(errors: ValidationError[]): string[] {
  return errors.flatMap((e) => Object.values(e.constraints ?? {}));
}

function fail(problems: string[], nodeEnv?: string): never {
  const hint = nodeEnv === 'production' ? '\n（NODE_ENV=production：不会读取 .env.example，每个值都必须由环境或 .env 提供）' : '';
  throw new ConfigError(`配置无效，服务未启动：\n  - ${problems.join('\n  - ')}${hint}`);
}

const int = (raw: string | undefined, fallback: number) => (raw === undefined ? fallback : Number(raw));
const bool = (raw: string | undefined, fallback: boolean) =>
  raw === undefined ? fallback : ['true', '1', 'yes'].includes(raw.toLowerCase());

/** Validates the environment; throws one ConfigError naming every bad or missing variable. */
export function loadConfig(env: Env): AppConfig {
  const raw = Object.assign(new EnvDto(), normalise(env));
  const errors = validateSync(raw, { stopAtFirstError: true });
  const problems = problemsOf(errors);
  const invalid = new Set(errors.map((e) => e.property));

  const keys = new Map<string, Buffer>();
  for (const part of invalid.has('PII_KEYS') ? [] : raw.PII_KEYS.split(',')) {
    const [id, material] = part.split(':');
    keys.set(id, Buffer.from(material, 'base64'));
  }
  const activeKeyId = raw.PII_ACTIVE_KEY_ID ?? [...keys.keys()].at(-1) ?? '';
  if (keys.size && !keys.has(activeKeyId)) problems.push(`PII_ACTIVE_KEY_ID "${activeKeyId}" 不在 PII_KEYS 之中`);
  if (raw.BOOTSTRAP_ADMIN_USERNAME && !raw.BOOTSTRAP_ADMIN_PASSWORD) {
    problems.push('设置了 BOOTSTRAP_ADMIN_USERNAME 时必须同时设置 BOOTSTRAP_ADMIN_PASSWORD');
  }
  if (raw.NODE_ENV === 'production') {
    if (Number(raw.SETTLEMENT_TEST_DELAY_MS ?? 0) > 0) problems.push('SETTLEMENT_TEST_DELAY_MS 是测试用的开关，生产环境不得设置');
    const exposed = publicExampleValuesIn(raw);
    if (exposed.length) {
      problems.push(
        `${exposed.join('、')} 使用了仓库中公开的示例值（.env.example 或旧版 docker-compose.yml），生产环境拒绝启动；` +
          '请生成新值（node scripts/generate-secrets.js）',
      );
    }
  }
  if (problems.length) fail(problems, raw.NODE_ENV);

  const config: AppConfig = {
    nodeEnv: (raw.NODE_ENV ?? 'development') as AppConfig['nodeEnv'],
    port: int(raw.PORT, 3000),
    databaseUrl: raw.DATABASE_URL,
    redisUrl: raw.REDIS_URL ?? 'redis://127.0.0.1:6379',
    redisPrefix: raw.REDIS_PREFIX ?? 'childcare',
    logLevel: (raw.LOG_LEVEL ?? 'info') as AppConfig['logLevel'],
    logFormat: (raw.LOG_FORMAT ?? (raw.NODE_ENV === 'production' ? 'json' : 'pretty')) as AppConfig['logFormat'],
    logFile: raw.LOG_FILE ?? null,
    jwtSecret: raw.JWT_SECRET,
    jwtTtlSeconds: int(raw.JWT_TTL_SECONDS, 8 * 3600),
    session: {
      ttlSeconds: int(raw.SESSION_TTL_SECONDS, 8 * 3600),
      idleSeconds: int(raw.SESSION_IDLE_SECONDS, 30 * 60),
      secureCookie: raw.NODE_ENV === 'production',
    },
    bootstrapAdmin:
      raw.BOOTSTRAP_ADMIN_USERNAME && raw.BOOTSTRAP_ADMIN_PASSWORD
        ? { username: raw.BOOTSTRAP_ADMIN_USERNAME, password: raw.BOOTSTRAP_ADMIN_PASSWORD }
        : null,
    runWorkers: bool(raw.RUN_WORKERS, true),
    bodyLimitBytes: int(raw.BODY_LIMIT_BYTES, 5 * 1024 * 1024),
    uploadLimitBytes: int(raw.UPLOAD_LIMIT_BYTES, 10 * 1024 * 1024),
    documentLimitBytes: int(raw.DOCUMENT_LIMIT_BYTES, 10 * 1024 * 1024),
    loginThrottle: {
      maxFailuresPerUsername: int(raw.LOGIN_MAX_FAILURES_PER_USERNAME, 10),
      maxFailuresPerAddress: int(raw.LOGIN_MAX_FAILURES_PER_ADDRESS, 100),
      windowSeconds: int(raw.LOGIN_FAILURE_WINDOW_SECONDS, 15 * 60),
    },
    birthOrderClaims: {
      maxConflicts: int(raw.BIRTH_ORDER_CLAIM_MAX_CONFLICTS, 20),
      windowSeconds: int(raw.BIRTH_ORDER_CLAIM_WINDOW_SECONDS, 24 * 3600),
    },
    idempotencyInProgressTimeoutSeconds: int(raw.IDEMPOTENCY_IN_PROGRESS_TIMEOUT_SECONDS, 60),
    pii: { keys, activeKeyId, hmacKey: Buffer.from(raw.PII_HMAC_KEY, 'base64') },
    audit: { chainKey: Buffer.from(raw.AUDIT_CHAIN_KEY, 'base64'), refusalWindowSeconds: int(raw.AUDIT_REFUSAL_WINDOW_SECONDS, 60) },
    settlementCron: raw.SETTLEMENT_CRON ?? '0 2 5 * *',
    settlementChunkSize: int(raw.SETTLEMENT_CHUNK_SIZE, 5000),
    settlementWorkerConcurrency: int(raw.SETTLEMENT_WORKER_CONCURRENCY, 2),
    settlementJobLockMs: int(raw.SETTLEMENT_JOB_LOCK_MS, 30_000),
    settlementTestDelayMs: int(raw.SETTLEMENT_TEST_DELAY_MS, 0),
    settlementOutboxIntervalMs: int(raw.SETTLEMENT_OUTBOX_INTERVAL_MS, 5000),
    districtName: raw.DISTRICT_NAME ?? '茌平区',
    notice: {
      periodDays: int(raw.NOTICE_PERIOD_DAYS, 7),
      objectionsTo: raw.NOTICE_OBJECTIONS_TO ?? `${raw.DISTRICT_NAME ?? '茌平区'}卫生健康局（工作日来电、来函或到窗口反映）`,
    },
    trustProxy: bool(raw.TRUST_PROXY, false),
  };

  return config;
}

/** Only what the migration runner needs (`npm run db:migrate`). */
export function loadDatabaseUrl(env: Env): string {
  const raw = Object.assign(new DatabaseEnvDto(), normalise(env));
  const problems = problemsOf(validateSync(raw, { stopAtFirstError: true }));
  if (problems.length) fail(problems, env.NODE_ENV);
  return raw.DATABASE_URL;
}
