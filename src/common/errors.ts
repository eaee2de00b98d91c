/**
 * Domain errors: services throw these; the global exception filter maps them to HTTP once.
 * `code` is the stable machine-readable value clients switch on; `message` is for people: the answer shows the
 * code's Chinese text from the message catalogue (src/error-catalogue.ts), filled in from `params`, and this
 * message when English is asked for (or when it is already Chinese).
 */
export interface ErrorDetail {
  index?: number;
  field: string;
  code: string;
  message: string;
  /** Values the catalogue's text for `code` is filled in with; used for the message, never sent. */
  params?: Record<string, unknown>;
}

export abstract class DomainError extends Error {
  abstract readonly status: number;
  constructor(
    readonly code: string,
    message: string,
    readonly details?: ErrorDetail[],
  ) {
    super(message);
    this.name = new.target.name;
  }

  /** Values the catalogue's Chinese text is filled in with (a month, a status …). */
  params: Record<string, unknown> = {};

  with(params: Record<string, unknown>): this {
    this.params = { ...this.params, ...params };
    return this;
  }
}

/** 404 — also for another institution's records, so an operator cannot learn they exist. */
export class NotFoundError extends DomainError {
  readonly status = 404;
  constructor(entity: string, code = 'NOT_FOUND') {
    super(code, `${entity} not found`);
    this.params = { entity };
  }
}

/**
 * 404 answered because the record belongs to another institution. The answer is the same as a plain 404
 * (an operator cannot learn the record exists), but the refused attempt is written to the audit log.
 */
export class ScopeDeniedError extends NotFoundError {}

/** 409 — wrong workflow state, duplicate, locked month. */
export class ConflictError extends DomainError {
  readonly status = 409;
}

/** 422 — well-formed but invalid data; `details` lists every problem found. */
export class UnprocessableError extends DomainError {
  readonly status = 422;
  constructor(message: string, details: ErrorDetail[], code = 'VALIDATION_FAILED') {
    super(code, message, details);
  }
}

/** 413 — the request or an uploaded file (also once inflated, e.g. an .xlsx archive) is larger than allowed. */
export class PayloadTooLargeError extends DomainError {
  readonly status = 413;
}

/** 400 — malformed request. */
export class BadRequestError extends DomainError {
  readonly status = 400;
}

/** 403 — the role may not do this. */
export class ForbiddenError extends DomainError {
  readonly status = 403;
  constructor(message = 'Your role may not do this', code = 'FORBIDDEN') {
    super(code, message);
  }
}

/** 503 — a service this request depends on (Redis, the database) is unavailable. */
export class ServiceUnavailableError extends DomainError {
  readonly status = 503;
}

/** 429 — too many attempts; the answer carries `Retry-After: retryAfterSeconds`. */
export class RateLimitedError extends DomainError {
  readonly status = 429;
  constructor(
    readonly retryAfterSeconds: number,
    message: string,
    code = 'RATE_LIMITED',
  ) {
    super(code, message);
    this.params = { seconds: retryAfterSeconds };
  }
}
