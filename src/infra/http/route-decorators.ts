// eslint-disable-next-line no-restricted-imports -- the one place that wraps Nest's own decorators
import { applyDecorators, Body as NestBody, HttpCode as NestHttpCode, SetMetadata } from '@nestjs/common';

// Route decorators that also leave a mark the HTTP pipeline reads through the public Reflector.

/** Marks a route handler that declares a request body (read by RejectUnexpectedBodyInterceptor). */
export const TAKES_BODY = 'childcare:takes-body';

/**
 * Nest's `@Body()`, which also marks the handler as one that takes a body: a route without the mark refuses a body
 * with fields (400 UNKNOWN_FIELD). Controllers use this one instead of `@nestjs/common`'s (lint keeps it so).
 */
export function Body(): ParameterDecorator {
  const body = NestBody();
  return (target, key, index) => {
    body(target, key, index);
    if (key !== undefined) Reflect.defineMetadata(TAKES_BODY, true, (target as Record<string | symbol, object>)[key]);
  };
}

/** The status a route answers with when it succeeds (read by the idempotency interceptor to store the answer). */
export const ANSWER_STATUS = 'childcare:answer-status';

/** Nest's `@HttpCode()`, which also records the status where the idempotency interceptor can read it. */
export function HttpCode(status: number): MethodDecorator {
  return applyDecorators(NestHttpCode(status), SetMetadata(ANSWER_STATUS, status));
}
