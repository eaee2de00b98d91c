import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { Observable } from 'rxjs';
import { BadRequestError } from '../../common/errors';
import { TAKES_BODY } from './route-decorators';

/**
 * A route that takes no body (submit, approve, publish …) refuses one that has fields, as docs/api.md asks of
 * unknown fields: the ValidationPipe only sees bodies that a handler declares (with `Body` of ./body.decorator).
 */
@Injectable()
export class RejectUnexpectedBodyInterceptor implements NestInterceptor {
  constructor(private readonly reflector: Reflector) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const req = context.switchToHttp().getRequest<Request>();
    const body: unknown = req.body;
    if (body && typeof body === 'object' && Object.keys(body).length > 0) {
      const takesBody = this.reflector.get<boolean | undefined>(TAKES_BODY, context.getHandler()) === true;
      if (!takesBody) {
        const fields = Object.keys(body);
        throw new BadRequestError(
          'UNKNOWN_FIELD',
          `This request takes no body; unknown field(s): ${fields.join(', ')}`,
          fields.map((field) => ({
            field,
            code: 'UNKNOWN_FIELD',
            message: `${field} is not an accepted field`,
          })),
        );
      }
    }
    return next.handle();
  }
}
