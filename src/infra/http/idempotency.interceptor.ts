import { applyDecorators, CallHandler, ExecutionContext, Injectable, Logger, NestInterceptor, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ANSWER_STATUS } from './route-decorators';
import { ApiExtension } from '@nestjs/swagger';
import { createHash } from 'node:crypto';
import type { Request } from 'express';
import { catchError, from, mergeMap, Observable } from 'rxjs';
import { canonicalJson } from '../../common/canonical-json';
import { BadRequestError } from '../../common/errors';
import { Actor, currentContext } from '../../common/request-context';
import { IdempotencyKeys } from '../idempotency/idempotency-keys';

const KEY_PATTERN = /^[\x21-\x7e]{1,128}$/;
const NO_IDEMPOTENCY_KEY = 'noIdempotencyKey';

/**
 * A POST that only reads (a look-up whose body is personal data): `Idempotency-Key` is ignored, so neither the
 * request nor a hash of it is stored. The OpenAPI document then does not offer the header.
 */
export const NoIdempotencyKey = () => applyDecorators(SetMetadata(NO_IDEMPOTENCY_KEY, true), ApiExtension('x-idempotency-key', false));

/** Thrown to make the exception filter send a stored response again (see sendError). */
export class IdempotentReplay extends Error {
  constructor(readonly idempotentReplay: { status: number; body: unknown }) {
    super('idempotent replay');
  }
}

/**
 * `Idempotency-Key` on authenticated JSON POSTs (docs/api.md): the same key with the same body replays the first
 * answer; with a different body → 409. Keys are per user, kept 24 hours, stored in PostgreSQL (IdempotencyKeys):
 * the primary key makes concurrent duplicates safe (one runs, the others get 409 "in progress"). The change's own
 * transaction marks the key committed (the audit entry does it), so a committed change never runs again, even
 * when its answer could not be stored; a request that fails before committing gives its key back, and one whose
 * process died is taken over by a retry after IDEMPOTENCY_IN_PROGRESS_TIMEOUT_SECONDS.
 * A multipart upload is not parsed yet when the global instance runs, so upload routes add this interceptor again
 * after their FileInterceptor (`@UseInterceptors(FileInterceptor('file'), IdempotencyInterceptor)`); the file's
 * bytes are then part of the request hash. A streamed upload (filing documents) is never held in memory: its
 * interceptor stores the file first and gives its SHA-256 instead of the bytes.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  private readonly logger = new Logger(IdempotencyInterceptor.name);

  constructor(
    private readonly keys: IdempotencyKeys,
    private readonly reflector: Reflector,
  ) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    if (context.getType() !== 'http') return next.handle();
    const req = context.switchToHttp().getRequest<Request & { actor?: Actor }>();
    const key = req.header('idempotency-key');
    const file = (req as Request & { file?: { buffer?: Buffer; sha256?: string } }).file;
    const requestContext = currentContext();
    // multipart: wait for the route-level instance, which runs once the file has been read; a key already held
    // by this request (the global instance on an upload route) is not claimed twice
    if (req.method !== 'POST' || key === undefined || !req.actor || (req.is('multipart/form-data') && !file) || requestContext?.idempotency)
      return next.handle();
    if (this.reflector.get<boolean | undefined>(NO_IDEMPOTENCY_KEY, context.getHandler())) return next.handle();
    if (!KEY_PATTERN.test(key))
      throw new BadRequestError('IDEMPOTENCY_KEY_INVALID', 'Idempotency-Key must be 1–128 printable ASCII characters');

    const hash = createHash('sha256').update(`${req.method} ${req.originalUrl}\n${canonicalJson(req.body ?? null)}`);
    if (file) hash.update('\n').update(file.buffer ?? `sha256:${file.sha256}`);
    const claim = await this.keys.claim({
      userId: req.actor.id,
      key,
      method: req.method,
      path: req.originalUrl,
      requestHash: hash.digest('hex'),
    });
    if (claim.kind === 'replay') throw new IdempotentReplay({ status: claim.status, body: claim.body });
    if (claim.kind === 'refused') throw claim.error;
    const { attempt } = claim;
    if (requestContext) requestContext.idempotency = attempt;

    const status = this.reflector.get<number | undefined>(ANSWER_STATUS, context.getHandler()) ?? 201;
    return next.handle().pipe(
      // the change is done: an answer that cannot be stored is still sent, and a retry is refused rather than re-run
      mergeMap((body) =>
        from(
          this.keys.complete(attempt, status, body).then(
            () => body,
            (error: Error) => {
              this.logger.error(`Could not store the answer of an idempotent request: ${error.message}`);
              return body;
            },
          ),
        ),
      ),
      catchError((error: unknown) =>
        from(
          this.keys.release(attempt).then(
            () => Promise.reject(error),
            () => Promise.reject(error),
          ),
        ),
      ),
    );
  }
}
