import { AsyncLocalStorage } from 'node:async_hooks';
import type { Role } from '../generated/prisma/enums';

/** The signed-in user, as the auth guard established it for this request. */
export interface Actor {
  id: string;
  username: string;
  role: Role;
  institutionId: string | null;
}

/** Who is doing what, carried through one request (or one job) without threading it through every call. */
export interface RequestContext {
  requestId: string;
  ip?: string;
  actor?: Actor;
  /** set for an HTTP request (request-id middleware): an entry without an actor is then `anonymous`, not `system` */
  http?: boolean;
  /** the Idempotency-Key this request holds (IdempotencyInterceptor), marked committed with the change's audit entry */
  idempotency?: { userId: string; key: string; token: string };
}

const storage = new AsyncLocalStorage<RequestContext>();

export function runWithContext<T>(context: RequestContext, fn: () => T): T {
  return storage.run(context, fn);
}

export function currentContext(): RequestContext | undefined {
  return storage.getStore();
}
