import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import type { Request } from 'express';
import { Observable } from 'rxjs';
import { BadRequestError } from '../../common/errors';

/**
 * A route that takes no body (submit, approve, publish …) refuses one that has fields, as docs/api.md asks of
 * unknown fields: the ValidationPipe only sees bodies that a handler declares.
 */
@Injectable()
export class RejectUnexpectedBodyInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const req = context.switchToHttp().getRequest<Request>();
    const body: unknown = req.body;
    if (body && typeof body === 'object' && Object.keys(body).length > 0) {
      const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, context.getClass(), context.getHandler().name) ?? {}) as Record<
        string,
        unknown
      >;
      const takesBody = Object.keys(args).some((key) => key.startsWith(`${RouteParamtypes.BODY}:`));
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
