/** One problem of a 422 answer (docs/api.md): `index` is the spreadsheet row for uploaded files, the array index for JSON. */
export interface ErrorDetail {
  index?: number;
  field: string;
  code: string;
  message: string;
}

/** The API's error body (docs/api.md). */
export interface ErrorBody {
  statusCode: number;
  error?: string;
  message: string;
  code: string;
  details?: ErrorDetail[];
  requestId?: string;
}

/** A failed call: the HTTP status (0 when the server could not be reached) and the server's error body. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ErrorBody,
  ) {
    super(body.message);
    this.name = 'ApiError';
  }

  get code(): string {
    return this.body.code;
  }

  get details(): ErrorDetail[] {
    return this.body.details ?? [];
  }

  /** From whatever came back: the API's JSON error, or something else (a proxy's HTML page, an empty body). */
  static from(status: number, body: unknown, requestId?: string | null): ApiError {
    if (body && typeof body === 'object' && typeof (body as ErrorBody).code === 'string') return new ApiError(status, body as ErrorBody);
    return new ApiError(status, { statusCode: status, code: `HTTP_${status}`, message: '', requestId: requestId ?? undefined });
  }

  static network(): ApiError {
    return new ApiError(0, { statusCode: 0, code: 'NETWORK_ERROR', message: '' });
  }
}
