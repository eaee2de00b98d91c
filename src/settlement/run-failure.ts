import { DomainError } from '../common/errors';

/** Why a run failed, as stored on the settlement and shown to every role: a stable code and a Chinese sentence. */
export interface RunFailure {
  code: string;
  message: string;
}

/** A failure that retrying cannot fix (e.g. no policy in force): the run ends FAILED at once, with this code and sentence. */
export class PermanentRunError extends DomainError {
  readonly status = 422;
  constructor(code: string, message: string) {
    super(code, message);
  }
}

export const COMPUTE_ERROR: RunFailure = {
  code: 'COMPUTE_ERROR',
  message: '结算计算出错，已自动重试仍未成功。请稍后重新发起该月结算；如再次失败，请把结算月份告知系统管理员查看日志。',
};

export function noPolicyInForce(month: string, forCorrections = false): PermanentRunError {
  return new PermanentRunError(
    'NO_POLICY_IN_FORCE',
    forCorrections
      ? `${month} 没有生效的补贴标准，无法重算该月的更正：请先添加自 ${month} 或更早生效的补贴标准版本，再重新发起结算。`
      : `${month} 没有生效的补贴标准：请先添加自 ${month} 或更早生效的补贴标准版本，再重新发起结算。`,
  );
}

/** What is stored and shown: our own sentence for a known failure, never the text of an unexpected error. */
export function runFailure(error: unknown): RunFailure {
  if (error instanceof PermanentRunError) return { code: error.code, message: error.message };
  return COMPUTE_ERROR;
}

/**
 * The detail for the log: error class, Prisma and PostgreSQL codes and the message with values taken out
 * (quoted literals, `Key (…)=(…)` values, long digit runs such as ID or phone numbers), so no personal data
 * reaches the log.
 */
export function failureLogDetail(error: unknown): string {
  if (!(error instanceof Error)) return `non-error thrown: ${typeof error}`;
  const e = error as Error & { code?: unknown; meta?: { code?: unknown; driverAdapterError?: { cause?: { originalCode?: unknown } } } };
  const codes = [e.code, e.meta?.code, e.meta?.driverAdapterError?.cause?.originalCode].filter(
    (c) => typeof c === 'string' || typeof c === 'number',
  );
  const message = e.message
    .replace(/\)=\([^)]*\)/g, ')=(…)')
    .replace(/'[^']*'/g, "'…'")
    .replace(/[0-9][0-9Xx*\- ]{5,}[0-9Xx]/g, '…')
    .replace(/\s+/g, ' ')
    .slice(0, 500);
  return `${e.name}${codes.length ? ` [${codes.join(', ')}]` : ''}: ${message}`;
}
