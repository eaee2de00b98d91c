import { HttpException, Logger } from '@nestjs/common';
import { STATUS_CODES } from 'node:http';
import { DomainError, ErrorDetail } from '../../common/errors';
import { isChinese, Lang, MessageCatalogue, MessageParams, renderText } from '../../common/i18n/messages';
import { prismaErrorCode } from '../database/prisma-errors';
import type { ErrorResponse } from './error-body.view';

/** The one error shape of the API (docs/api.md): never a stack trace, SQL or Prisma text. The request id is added when it is sent. */
export type ErrorBody = Omit<ErrorResponse, 'requestId'> & { requestId?: string };

const CODE_BY_STATUS: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'VALIDATION_FAILED',
  429: 'RATE_LIMITED',
  503: 'SERVICE_UNAVAILABLE',
};

const logger = new Logger('Errors');

function body(status: number, code: string, message: string, details?: ErrorDetail[]): ErrorBody {
  return { statusCode: status, error: STATUS_CODES[status] ?? 'Error', message, code, ...(details ? { details } : {}) };
}

let catalogue: MessageCatalogue = {};

/** The catalogue of every code's Chinese text (src/error-catalogue.ts), set once when the application is made. */
export function useErrorMessages(messages: MessageCatalogue): void {
  catalogue = messages;
}

/**
 * The text people read for a code, in the language asked for. Chinese: the thrown message when it is already
 * Chinese (it is the most specific), else the catalogue's text filled in from the parameters. English: the
 * catalogue's English text, else the thrown message.
 */
function say(code: string, original: string, lang: Lang, params: MessageParams, fallbackCode?: string): string {
  const entry = catalogue[code] ?? (fallbackCode ? catalogue[fallbackCode] : undefined);
  if (lang === 'en') return entry?.en ? renderText(entry.en, { ...params, original }) : original;
  if (isChinese(original) || !entry) return original;
  return renderText(entry.zh, { ...params, original });
}

/** The error answer with its message and every detail's message in the language asked for. */
export function localize(body: ErrorBody, lang: Lang, params: MessageParams = {}): ErrorBody {
  return {
    ...body,
    message: say(body.code, body.message, lang, { fields: body.details?.map((d) => d.field), ...params }, CODE_BY_STATUS[body.statusCode]),
    ...(body.details
      ? {
          details: (body.details as ErrorDetail[]).map(({ params: own, ...d }) => ({
            ...d,
            message: say(d.code, d.message, lang, { field: d.field, index: d.index, ...own }),
          })),
        }
      : {}),
  };
}

/** Maps anything thrown while serving a request to the API's error shape (messages as thrown; see localize). */
export function toErrorBody(exception: unknown): ErrorBody {
  if (exception instanceof DomainError) {
    return body(exception.status, exception.code, exception.message, exception.details);
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const response = exception.getResponse();
    if (typeof response === 'object' && response !== null) {
      const r = response as { message?: unknown; code?: unknown; details?: ErrorDetail[] };
      const message = Array.isArray(r.message) ? r.message.join('; ') : typeof r.message === 'string' ? r.message : exception.message;
      const code = typeof r.code === 'string' ? r.code : (CODE_BY_STATUS[status] ?? 'ERROR');
      return body(status, code, message, r.details);
    }
    return body(status, CODE_BY_STATUS[status] ?? 'ERROR', String(response));
  }
  const prismaCode = prismaErrorCode(exception);
  if (prismaCode !== undefined) {
    if (prismaCode === 'P2002') return body(409, 'DUPLICATE', 'A record with the same unique value already exists');
    if (prismaCode === 'P2025') return body(404, 'NOT_FOUND', 'Record not found');
    if (prismaCode === 'P2034') return body(409, 'CONCURRENT_UPDATE', 'The record was changed by someone else at the same time; try again');
  }
  // body-parser and multer errors carry their own status and type
  const e = exception as { status?: number; type?: string; code?: string; name?: string; message?: string; stack?: string };
  if (e?.type === 'entity.too.large' || e?.code === 'LIMIT_FILE_SIZE') {
    return body(413, 'PAYLOAD_TOO_LARGE', 'The request body or file is larger than allowed');
  }
  if (e?.type === 'entity.parse.failed') return body(400, 'MALFORMED_JSON', 'The request body is not valid JSON');
  if (e?.type === 'charset.unsupported' || e?.type === 'encoding.unsupported')
    return body(415, 'UNSUPPORTED_MEDIA_TYPE', 'Unsupported body encoding');

  logger.error({ err: { name: e?.name, message: e?.message, stack: e?.stack } }, 'Unhandled error');
  return body(500, 'INTERNAL_ERROR', 'Something went wrong on our side; quote the request id when reporting it');
}
