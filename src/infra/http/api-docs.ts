import { StreamableFile, Type } from '@nestjs/common';
import { ApiExtension, ApiProperty, ApiPropertyOptions, ApiResponse } from '@nestjs/swagger';
import { MAX_PAGE_SIZE, Page } from '../../common/pagination';

/**
 * The decorators every operation of the OpenAPI document is described with (see docs/api.md → "Documenting an
 * endpoint"). Success decorators are typed: the decorated handler must return (a promise of) the declared class,
 * so the document cannot drift from what the handler answers without the type check failing. Roles, the standard
 * error answers, `Idempotency-Key` and security come from the route itself (src/infra/http/openapi.ts).
 */

type Handler<T> = (...args: never[]) => T | Promise<T>;
/** A method decorator that only fits a handler answering `T`. */
export type TypedMethodDecorator<T> = <H extends Handler<T>>(
  target: object,
  key: string | symbol,
  descriptor: TypedPropertyDescriptor<H>,
) => void;

function typed<T>(decorator: MethodDecorator): TypedMethodDecorator<T> {
  return (target, key, descriptor) => {
    decorator(target, key, descriptor);
  };
}

/** 200 with a JSON body of class `type`. */
export function ApiOk<T>(type: Type<T>, description = '成功'): TypedMethodDecorator<T> {
  return typed<T>(ApiResponse({ status: 200, type, description }));
}

/** 200 with a JSON array of class `type` (lists without pagination). */
export function ApiOkArray<T>(type: Type<T>, description = '成功'): TypedMethodDecorator<T[]> {
  return typed<T[]>(ApiResponse({ status: 200, type: [type], description }));
}

/** 201 with the created record. */
export function ApiCreated<T>(type: Type<T>, description = '已创建'): TypedMethodDecorator<T> {
  return typed<T>(ApiResponse({ status: 201, type, description }));
}

/** 202: accepted for processing (queued work), with its current state. */
export function ApiAccepted<T>(type: Type<T>, description = '已受理'): TypedMethodDecorator<T> {
  return typed<T>(ApiResponse({ status: 202, type, description }));
}

const pageClasses = new Map<Type, Type>();

/** The list envelope `{ items, total, page, pageSize }` of `item`, as a named schema (`<Item>Page`). */
function pageOf(item: Type): Type {
  let page = pageClasses.get(item);
  if (!page) {
    class PageOfItems {}
    Object.defineProperty(PageOfItems, 'name', { value: `${item.name.replace(/View$/, '')}Page` });
    const property = (key: string, options: Parameters<typeof ApiProperty>[0]) => ApiProperty(options)(PageOfItems.prototype, key);
    property('items', { type: [item], description: '本页记录' });
    property('total', { type: 'integer', minimum: 0, description: '符合条件的记录总数', example: 1 });
    property('page', { type: 'integer', minimum: 1, description: '页码，从 1 开始', example: 1 });
    property('pageSize', { type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE, description: '每页条数', example: 50 });
    pageClasses.set(item, PageOfItems);
    page = PageOfItems;
  }
  return page;
}

/** 200 with one page of `item`s; the `page` and `pageSize` query parameters come from the query class (PageQuery). */
export function ApiPage<T>(item: Type<T>, description = '分页列表'): TypedMethodDecorator<Page<T>> {
  return typed<Page<T>>(ApiResponse({ status: 200, type: pageOf(item), description }));
}

/** 200 with a file: one entry per content type, e.g. `{ 'text/csv': '支付清单 CSV' }`. */
export function ApiFile(contentTypes: Record<string, string>, description = '文件下载'): TypedMethodDecorator<StreamableFile> {
  const lines = Object.entries(contentTypes).map(([type, what]) => `- \`${type}\`: ${what}`);
  return typed<StreamableFile>(
    ApiResponse({
      status: 200,
      description: [description, ...lines].join('\n'),
      content: Object.fromEntries(Object.keys(contentTypes).map((type) => [type, { schema: { type: 'string', format: 'binary' } }])),
    }),
  );
}

/**
 * The error codes an operation raises beyond the standard ones, by status: `@ApiErrors({ 409: ['ROSTER_EXISTS'] })`.
 * Each status becomes an error answer with the one error shape; statuses a route always has (401, 403 for a
 * restricted role, 400/422 for a body or query, 404 for a path id, 413 for a body) are added without listing them here.
 */
export function ApiErrors(codes: Partial<Record<number, string[]>>): MethodDecorator {
  return ApiExtension('x-error-codes', codes);
}

// ───────────── properties of request and response classes ─────────────
// Types, optionality, nullability and doc comments come from the TypeScript class itself (the compiler plugin's
// metadata, scripts/openapi-metadata.js); these add what TypeScript cannot say.

/** A property with an example; its type (string, integer or number) is the example's. */
export const ApiExample = (example: string | number, options: ApiPropertyOptions = {}) =>
  ApiProperty({
    type: typeof example === 'string' ? 'string' : Number.isInteger(example) ? 'integer' : 'number',
    example,
    ...options,
  } as ApiPropertyOptions);

/** A named enum (one schema shared by every property using it): `@ApiEnum(RosterStatus, 'RosterStatus')`. */
export const ApiEnum = (values: Record<string, string> | readonly string[], enumName: string, options: ApiPropertyOptions = {}) =>
  ApiProperty({ enum: values as string[], enumName, ...options } as ApiPropertyOptions);

export const ApiUuid = (options: ApiPropertyOptions = {}) =>
  ApiProperty({ type: 'string', format: 'uuid', example: '0b6f3a52-2f0e-4c59-9d1e-6b1f2c3d4e5f', ...options } as ApiPropertyOptions);

/** An instant, ISO 8601 in UTC. */
export const ApiTimestamp = (options: ApiPropertyOptions = {}) =>
  ApiProperty({ type: 'string', format: 'date-time', example: '2026-03-05T02:00:00.000Z', ...options } as ApiPropertyOptions);

/** A calendar date `YYYY-MM-DD`. */
export const ApiDate = (options: ApiPropertyOptions = {}) =>
  ApiProperty({ type: 'string', format: 'date', example: '2026-03-05', ...options } as ApiPropertyOptions);

/** A month `YYYY-MM` (Asia/Shanghai). */
export const ApiMonth = (options: ApiPropertyOptions = {}) =>
  ApiProperty({ type: 'string', pattern: '^\\d{4}-(0[1-9]|1[0-2])$', example: '2026-03', ...options } as ApiPropertyOptions);

/** Money: integer fen (30000 = 300.00 yuan). */
export const ApiFen = (options: ApiPropertyOptions = {}) =>
  ApiProperty({ type: 'integer', example: 30000, ...options } as ApiPropertyOptions);

/** A whole number (counts, days, birth orders). */
export const ApiInt = (options: ApiPropertyOptions = {}) => ApiProperty({ type: 'integer', ...options } as ApiPropertyOptions);
