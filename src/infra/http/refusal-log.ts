/** A refused access attempt as the HTTP layer reports it (403 for the role or four-eyes rule, 404 for another institution's record). */
export interface AccessRefusal {
  action: 'ACCESS_DENIED';
  entityType: string;
  entityId?: string | null;
  /** what was refused: method, route, status and code */
  after?: unknown;
}

/**
 * Where the HTTP layer reports refused attempts. The audit log provides it (under REFUSAL_LOG); infra defines only
 * this port, so it depends on no domain module.
 */
export interface RefusalLog {
  /** Never throws: a refusal must not fail because it could not be recorded. */
  recordRefusal(refusal: AccessRefusal): Promise<void>;
}

/** The injection token of the RefusalLog. */
export const REFUSAL_LOG = Symbol('REFUSAL_LOG');
