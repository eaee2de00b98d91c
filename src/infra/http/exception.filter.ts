import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AuditService } from '../../audit/audit.service';
import { ForbiddenError, RateLimitedError, ScopeDeniedError } from '../../common/errors';
import { toErrorBody } from './error-response';

/**
 * Every error answer of the API goes through here and carries the request id. Refused access attempts
 * (403 for the role or four-eyes rule, 404 for another institution's record) are recorded in the audit log
 * (AuditService.recordRefusal: counted per window, without the chain's lock).
 */
@Catch()
export class GlobalExceptionFilter implements ExceptionFilter {
  constructor(private readonly audit: AuditService) {}

  async catch(exception: unknown, host: ArgumentsHost): Promise<void> {
    if (host.getType() !== 'http') throw exception;
    const ctx = host.switchToHttp();
    const req = ctx.getRequest<Request>();
    if (exception instanceof ForbiddenError || exception instanceof ScopeDeniedError) {
      await this.audit.recordRefusal({
        action: 'ACCESS_DENIED',
        entityType: 'Route',
        entityId: null,
        after: {
          method: req.method,
          route: (req.route as { path?: string } | undefined)?.path ?? req.path,
          status: exception.status,
          code: exception.code,
        },
      });
    }
    sendError(exception, req, ctx.getResponse<Response>());
  }
}

export function sendError(exception: unknown, req: Request, res: Response): void {
  const replay = (exception as { idempotentReplay?: { status: number; body: unknown } }).idempotentReplay;
  if (replay) {
    res.setHeader('Idempotent-Replayed', 'true');
    res.status(replay.status).json(replay.body);
    return;
  }
  const body = toErrorBody(exception);
  if (exception instanceof RateLimitedError) res.setHeader('Retry-After', String(exception.retryAfterSeconds));
  body.requestId = (req as Request & { requestId?: string }).requestId;
  if (!res.headersSent) res.status(body.statusCode).json(body);
}
