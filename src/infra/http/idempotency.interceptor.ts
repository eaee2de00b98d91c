import { applyDecorators, CallHandler, ExecutionContext, Injectable, NestInterceptor, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiExtension } from '@nestjs/swagger';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import { createHash } from 'node:crypto';
import type { Request } from 'express';
import { catchError, from, mergeMap, Observable } from 'rxjs';
import { canonicalJson } from '../../audit/audit-hash';
import { BadRequestError, ConflictError } from '../../common/errors';
import type { Actor } from '../../common/request-context';
import { PrismaService } from '../database/prisma.service';

const KEY_PATTERN = /^[\x21-\x7e]{1,128}$/;
const RETENTION_MS = 24 * 3600 * 1000;
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
 * `Idempotency-Key` on authenticated JSON POSTs (API.md): the same key with the same body replays the
 * first response; with a different body → 409. Keys are per user, kept 24 hours, stored in PostgreSQL;
 * the primary key makes concurrent duplicates safe (one runs, the other gets 409 "in progress").
 * A request that fails releases its key so it can be retried. A multipart upload is not parsed yet when
 * the global instance runs, so upload routes add this interceptor again after their FileInterceptor
 * (`@UseInterceptors(FileInterceptor('file'), IdempotencyInterceptor)`); the file's bytes are then part of the request hash.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    private readonly prisma: PrismaService,
    private readonly reflector: Reflector,
  ) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    if (context.getType() !== 'http') return next.handle();
    const req = context.switchToHttp().getRequest<Request & { actor?: Actor }>();
    const key = req.header('idempotency-key');
    const file = (req as Request & { file?: { buffer: Buffer } }).file;
    // multipart: wait for the route-level instance, which runs once the file has been read
    if (req.method !== 'POST' || key === undefined || !req.actor || (req.is('multipart/form-data') && !file)) return next.handle();
    if (this.reflector.get<boolean | undefined>(NO_IDEMPOTENCY_KEY, context.getHandler())) return next.handle();
    if (!KEY_PATTERN.test(key))
      throw new BadRequestError('IDEMPOTENCY_KEY_INVALID', 'Idempotency-Key must be 1–128 printable ASCII characters');

    const userId = req.actor.id;
    const hash = createHash('sha256').update(`${req.method} ${req.originalUrl}\n${canonicalJson(req.body ?? null)}`);
    if (file) hash.update('\n').update(file.buffer);
    const requestHash = hash.digest('hex');
    const claimed = await this.claim(userId, key, req.method, req.originalUrl, requestHash);
    if (!claimed) {
      const row = await this.prisma.idempotencyKey.findUnique({ where: { userId_key: { userId, key } } });
      if (!row || row.requestHash !== requestHash) {
        throw new ConflictError('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was already used with a different request');
      }
      if (row.responseStatus === null) {
        throw new ConflictError('IDEMPOTENCY_IN_PROGRESS', 'A request with this Idempotency-Key is still being processed');
      }
      throw new IdempotentReplay({ status: row.responseStatus, body: row.responseBody });
    }

    const status = this.reflector.get<number | undefined>(HTTP_CODE_METADATA, context.getHandler()) ?? 201;
    return next.handle().pipe(
      mergeMap((body) =>
        from(
          this.prisma.idempotencyKey
            .update({
              where: { userId_key: { userId, key } },
              data: { responseStatus: status, responseBody: JSON.parse(JSON.stringify(body ?? null)) },
            })
            .then(() => body),
        ),
      ),
      catchError((error: unknown) =>
        from(
          this.prisma.idempotencyKey.delete({ where: { userId_key: { userId, key } } }).then(
            () => Promise.reject(error),
            () => Promise.reject(error),
          ),
        ),
      ),
    );
  }

  /** Inserts the key; false when it already exists (expired keys are replaced). */
  private async claim(userId: string, key: string, method: string, path: string, requestHash: string): Promise<boolean> {
    const expiredBefore = new Date(Date.now() - RETENTION_MS);
    await this.prisma.idempotencyKey.deleteMany({ where: { userId, key, createdAt: { lt: expiredBefore } } });
    const inserted = await this.prisma.$executeRaw`
      INSERT INTO idempotency_keys ("userId", "key", "method", "path", "requestHash")
      VALUES (${userId}::uuid, ${key}, ${method}, ${path}, ${requestHash})
      ON CONFLICT DO NOTHING`;
    return inserted === 1;
  }
}
