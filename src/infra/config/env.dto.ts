import { CronExpressionParser } from 'cron-parser';
import { IsIn, IsNotEmpty, IsOptional, IsString, MaxLength, ValidateBy } from 'class-validator';

/**
 * The environment as the service accepts it: one property per variable, named exactly as the variable, so every
 * message names what to fix. Values are the raw strings (blank ones removed, see loadConfig); AppConfig holds
 * them parsed. Messages are for the people who run the service, so they are Chinese.
 */

function Satisfies(name: string, test: (value: string) => boolean, message: string): PropertyDecorator {
  return ValidateBy({ name, validator: { validate: (v: unknown) => typeof v === 'string' && test(v), defaultMessage: () => message } });
}

export function IsWholeNumber(min: number, max = Number.MAX_SAFE_INTEGER): PropertyDecorator {
  return Satisfies(
    'isWholeNumber',
    (v) => /^\d+$/.test(v) && Number(v) >= min && Number(v) <= max,
    `$property 必须是 ${min} 到 ${max} 之间的整数（现为 "$value"）`,
  );
}

export function IsBooleanText(): PropertyDecorator {
  return Satisfies('isBooleanText', (v) => BOOLEAN_TEXT.has(v.toLowerCase()), '$property 必须是 true 或 false（现为 "$value"）');
}

export function IsUrlWith(protocols: string[]): PropertyDecorator {
  return Satisfies(
    'isUrlWith',
    (v) => {
      try {
        return protocols.includes(new URL(v).protocol);
      } catch {
        return false;
      }
    },
    `$property 必须是以 ${protocols.map((p) => `${p}//`).join(' 或 ')} 开头的有效地址`,
  );
}

/** A 32-byte key, base64-encoded (`openssl rand -base64 32`). */
export function IsKey32(): PropertyDecorator {
  return Satisfies('isKey32', isKey32, '$property 必须是 base64 编码的 32 字节密钥（可用 openssl rand -base64 32 生成）');
}

export function isKey32(value: string): boolean {
  return /^[A-Za-z0-9+/]+={0,2}$/.test(value) && Buffer.from(value, 'base64').length === 32;
}

/** `k1:<base64 32 bytes>,k2:<base64 32 bytes>` */
export function IsKeyList(): PropertyDecorator {
  return Satisfies(
    'isKeyList',
    (v) =>
      v.split(',').every((part) => {
        const [id, material, extra] = part.split(':');
        return /^[A-Za-z0-9_-]{1,32}$/.test(id ?? '') && extra === undefined && isKey32(material ?? '');
      }),
    '$property 的格式必须是 "k1:<base64 32 字节>,k2:<base64 32 字节>"（密钥可用 openssl rand -base64 32 生成）',
  );
}

/** A cron pattern as the BullMQ job scheduler reads it (the same parser, Asia/Shanghai), that fires at least once. */
export function IsCron(): PropertyDecorator {
  return ValidateBy({
    name: 'isCron',
    validator: {
      validate: (v: unknown) => typeof v === 'string' && (v === '' || cronProblem(v) === null),
      defaultMessage: (args) =>
        `$property 不是有效的 cron 表达式（"$value"：${cronProblem(String(args?.value))}）；示例 "0 2 5 * *" 为每月 5 日 02:00，留空表示关闭`,
    },
  });
}

export function cronProblem(pattern: string): string | null {
  try {
    CronExpressionParser.parse(pattern, { tz: 'Asia/Shanghai' }).next();
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}

const BOOLEAN_TEXT = new Set(['true', '1', 'yes', 'false', '0', 'no']);
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export const NODE_ENVS = ['development', 'test', 'production'] as const;

export class DatabaseEnvDto {
  // decorators apply bottom-up: "required" is checked first, and with stopAtFirstError it is the one message
  @IsUrlWith(['postgresql:', 'postgres:'])
  @IsNotEmpty({ message: '$property 必须设置' })
  DATABASE_URL!: string;
}

export class EnvDto extends DatabaseEnvDto {
  @IsOptional() @IsIn(NODE_ENVS, { message: `$property 必须是 ${NODE_ENVS.join('、')} 之一（现为 "$value"）` }) NODE_ENV?: string;
  @IsOptional() @IsWholeNumber(1, 65535) PORT?: string;
  @IsOptional() @IsUrlWith(['redis:', 'rediss:']) REDIS_URL?: string;
  @IsOptional() @IsString() REDIS_PREFIX?: string;
  @IsOptional() @IsIn(LOG_LEVELS, { message: `$property 必须是 ${LOG_LEVELS.join('、')} 之一（现为 "$value"）` }) LOG_LEVEL?: string;
  @IsOptional() @IsIn(['pretty', 'json'], { message: '$property 必须是 pretty 或 json（现为 "$value"）' }) LOG_FORMAT?: string;
  @IsOptional() @IsString() LOG_FILE?: string;

  @Satisfies('minLength32', (v) => v.length >= 32, '$property 至少需要 32 个字符')
  @IsNotEmpty({ message: '$property 必须设置（至少 32 个字符，可用 openssl rand -base64 48 生成）' })
  JWT_SECRET!: string;

  @IsOptional() @IsWholeNumber(60, 30 * 24 * 3600) JWT_TTL_SECONDS?: string;
  @IsOptional() @IsWholeNumber(60, 30 * 24 * 3600) SESSION_TTL_SECONDS?: string;
  @IsOptional() @IsWholeNumber(60, 30 * 24 * 3600) SESSION_IDLE_SECONDS?: string;
  @IsOptional() @IsString() BOOTSTRAP_ADMIN_USERNAME?: string;
  @IsOptional() @Satisfies('minLength10', (v) => v.length >= 10, '$property 至少需要 10 个字符') BOOTSTRAP_ADMIN_PASSWORD?: string;
  @IsOptional() @IsBooleanText() RUN_WORKERS?: string;

  @IsKeyList() @IsNotEmpty({ message: '$property 必须设置' }) PII_KEYS!: string;
  @IsOptional() @IsString() PII_ACTIVE_KEY_ID?: string;
  @IsKey32() @IsNotEmpty({ message: '$property 必须设置' }) PII_HMAC_KEY!: string;
  @IsKey32() @IsNotEmpty({ message: '$property 必须设置' }) AUDIT_CHAIN_KEY!: string;
  @IsOptional() @IsWholeNumber(1, 3600) AUDIT_REFUSAL_WINDOW_SECONDS?: string;

  @IsOptional() @IsWholeNumber(1024) BODY_LIMIT_BYTES?: string;
  @IsOptional() @IsWholeNumber(1024) UPLOAD_LIMIT_BYTES?: string;
  @IsOptional() @IsWholeNumber(1024, 1024 * 1024 * 1024) DOCUMENT_LIMIT_BYTES?: string;
  @IsOptional() @IsWholeNumber(1, 1_000_000) LOGIN_MAX_FAILURES_PER_USERNAME?: string;
  @IsOptional() @IsWholeNumber(1, 1_000_000) LOGIN_MAX_FAILURES_PER_ADDRESS?: string;
  @IsOptional() @IsWholeNumber(1, 7 * 24 * 3600) LOGIN_FAILURE_WINDOW_SECONDS?: string;
  @IsOptional() @IsWholeNumber(1, 1_000_000) BIRTH_ORDER_CLAIM_MAX_CONFLICTS?: string;
  @IsOptional() @IsWholeNumber(1, 30 * 24 * 3600) BIRTH_ORDER_CLAIM_WINDOW_SECONDS?: string;
  @IsOptional() @IsWholeNumber(1, 24 * 3600) IDEMPOTENCY_IN_PROGRESS_TIMEOUT_SECONDS?: string;

  @IsOptional() @IsCron() SETTLEMENT_CRON?: string;
  @IsOptional() @IsWholeNumber(1, 1_000_000) SETTLEMENT_CHUNK_SIZE?: string;
  @IsOptional() @IsWholeNumber(1, 64) SETTLEMENT_WORKER_CONCURRENCY?: string;
  @IsOptional() @IsWholeNumber(1000, 3_600_000) SETTLEMENT_JOB_LOCK_MS?: string;
  @IsOptional() @IsWholeNumber(0, 60_000) SETTLEMENT_TEST_DELAY_MS?: string;
  @IsOptional() @IsWholeNumber(100, 3_600_000) SETTLEMENT_OUTBOX_INTERVAL_MS?: string;
  @IsOptional() @IsString() DISTRICT_NAME?: string;
  @IsOptional() @IsWholeNumber(1, 90) NOTICE_PERIOD_DAYS?: string;
  @IsOptional() @IsString() @MaxLength(500) NOTICE_OBJECTIONS_TO?: string;
  @IsOptional() @IsBooleanText() TRUST_PROXY?: string;
}
