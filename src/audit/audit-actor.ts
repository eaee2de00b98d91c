import type { RequestContext } from '../common/request-context';

/** Who acts: the signed-in actor; `anonymous` in an HTTP request without one (a failed sign-in); `system` in jobs. */
export function actorOf(ctx: RequestContext | undefined): { actorId: string | null; role: string | null } {
  return { actorId: ctx?.actor?.id ?? null, role: ctx?.actor?.role ?? (ctx?.http ? 'anonymous' : 'system') };
}
