import { ArgumentsHost, Catch, ExceptionFilter, Inject } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainError, ForbiddenError, RateLimitedError, ScopeDeniedError } from '../../common/errors';
import { languageOf } from '../../common/i18n/messages';
import { localize, toErrorBody } from './error-response';
import { REFUSAL_LOG, type RefusalLog } from './refusal-log';

/**
 * Every error answer of the API goes through here and carries the request id. Refused access attempts
 * (403 for the role or four-eyes rule, 404 for another institution's record) are recorded in the audit log
 * (the RefusalLog the audit log provides: counted per window, without the chain's lock).
 */
@Catch()
export class GlobalExceptionFilter implements ExceptionFilter {
  constructor(@Inject(REFUSAL_LOG) private readonly audit: RefusalLog) {}

  async catch(exception: unknown, host: ArgumentsHost): Promise<void> {
    if (host.getType() !== 'http') throw exception;
    const ctx = host.switchToHttp();
    const req = ctx.getRequest<Request>();
    await recordRefusal(this.audit, exception, req);
    sendError(exception, req, ctx.getResponse<Response>());
  }
}

/**
 * Writes ACCESS_DENIED for a refused attempt (403: role, four-eyes rule, missing CSRF token; 404 for another
 * institution's record). Shared with the queue dashboard, which answers outside Nest's filters.
 */
export async function recordRefusal(audit: RefusalLog, exception: unknown, req: Request): Promise<void> {
  if (!(exception instanceof ForbiddenError || exception instanceof ScopeDeniedError)) return;
  await audit.recordRefusal({
    action: 'ACCESS_DENIED',
    entityType: 'Route',
    entityId: null,
    after: {
      method: req.method,
      route: (req.route as { path?: string } | undefined)?.path ?? req.originalUrl.split('?')[0],
      status: exception.status,
      code: exception.code,
    },
  });
}

export function sendError(exception: unknown, req: Request, res: Response): void {
  const replay = (exception as { idempotentReplay?: { status: number; body: unknown } }).idempotentReplay;
  if (replay) {
    res.setHeader('Idempotent-Replayed', 'true');
    res.status(replay.status).json(replay.body);
    return;
  }
  const lang = languageOf(req.headers['accept-language']);
  const body = localize(toErrorBody(exception), lang, exception instanceof DomainError ? exception.params : {});
  res.setHeader('Content-Language', lang === 'en' ? 'en' : 'zh-CN');
  if (exception instanceof RateLimitedError) res.setHeader('Retry-After', String(exception.retryAfterSeconds));
  body.requestId = (req as Request & { requestId?: string }).requestId;
  if (!res.headersSent) res.status(body.statusCode).json(body);
}
