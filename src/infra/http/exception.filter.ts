import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { toErrorBody } from './error-response';

/** Every error answer of the API goes through here and carries the request id. */
@Catch()
export class GlobalExceptionFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const ctx = host.switchToHttp();
    sendError(exception, ctx.getRequest<Request>(), ctx.getResponse<Response>());
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
  body.requestId = (req as Request & { requestId?: string }).requestId;
  if (!res.headersSent) res.status(body.statusCode).json(body);
}
