import { ScopeDeniedError } from '../common/errors';
import type { Actor } from '../common/request-context';

/**
 * Record-level access, in one place: an operator reaches only their own institution's records.
 * Anyone else's answer 404, so an operator cannot even learn they exist.
 */
export function assertInstitutionAccess(actor: Actor, institutionId: string, entity = 'Institution'): void {
  if (actor.role === 'operator' && actor.institutionId !== institutionId) {
    throw new ScopeDeniedError(entity);
  }
}

/** The institution filter to apply to list queries: the operator's own institution, or none for other roles. */
export function institutionScope(actor: Actor): string | undefined {
  return actor.role === 'operator' ? (actor.institutionId ?? '00000000-0000-0000-0000-000000000000') : undefined;
}

export function isOperator(actor: Actor): boolean {
  return actor.role === 'operator';
}
