import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Actor } from '../common/request-context';

/** The signed-in user of this request (set by AuthGuard). */
export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => {
  return ctx.switchToHttp().getRequest<{ actor: Actor }>().actor;
});
