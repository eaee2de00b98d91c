import type { OpenAPIObject } from '@nestjs/swagger';
import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The contract test: every answer the e2e suite receives from the application is checked against the OpenAPI
 * document for its path, method and status (test/utils/test-app.ts hooks it into every request). An undocumented
 * status, an undocumented content type, a body that does not match its schema — including a field the schema
 * does not declare — fails the request, and the test run (global teardown lists every mismatch).
 */

type Json = Record<string, unknown>;
interface Operation {
  template: string;
  literal: number;
  pattern: RegExp;
  method: string;
  responses: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}

const JSON_TYPE = 'application/json';
/** What the suite calls besides the API (the OpenAPI UI, Bull Board) is not part of the contract. */
const CHECKED = /^\/(api\/v1\/|health$)/;

/** Where mismatches are collected for the run (read by global teardown). */
export function contractLogFile(): string | undefined {
  const db = process.env.TEST_DB_NAME;
  return db ? join(process.cwd(), 'test-output', `${db}.contract.log`) : undefined;
}

export function contractMismatches(): string[] {
  const file = contractLogFile();
  return file && existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : [];
}

/**
 * OpenAPI 3.0 schemas as JSON Schema for ajv: `nullable` becomes a union with null, references point into the
 * document's components, and an object schema that lists its properties accepts no others (an answer with an
 * undeclared field is drift too).
 */
function toJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (!node || typeof node !== 'object') return node;
  const out: Json = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === '$ref' && typeof value === 'string') out[key] = `openapi${value}`;
    else out[key] = key === 'example' || key.startsWith('x-') ? value : toJsonSchema(value);
  }
  if (out.properties && typeof out.properties === 'object' && out.additionalProperties === undefined && !('$ref' in out)) {
    out.additionalProperties = false;
  }
  if (out.nullable === true) {
    delete out.nullable;
    return { anyOf: [out, { type: 'null' }] };
  }
  return out;
}

export class ContractChecker {
  private readonly ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false });
  private readonly operations: Operation[] = [];
  private readonly validators = new Map<string, ValidateFunction>();

  constructor(document: OpenAPIObject) {
    addFormats(this.ajv);
    this.ajv.addFormat('binary', true);
    this.ajv.addSchema({ components: toJsonSchema(document.components) } as object, 'openapi');
    for (const [template, item] of Object.entries(document.paths)) {
      for (const [method, op] of Object.entries(item as Json)) {
        if (!op || typeof op !== 'object' || !('responses' in op)) continue;
        const pattern = new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`);
        this.operations.push({
          template,
          literal: template.replace(/\{[^}]+\}/g, '').length,
          pattern,
          method,
          ...(op as Pick<Operation, 'responses'>),
        });
      }
    }
    // the most specific template first (/rosters/template before /rosters/{id}), as the router matches them
    this.operations.sort((a, b) => b.literal - a.literal);
  }

  /** Problems of one answer (empty when it keeps the contract). */
  check(method: string, url: string, status: number, contentType: string | undefined, body: unknown): string[] {
    const path = new URL(url, 'http://contract').pathname;
    if (!CHECKED.test(path)) return [];
    const verb = method.toLowerCase();
    const op = this.operations.find((o) => o.method === verb && o.pattern.test(path));
    const where = `${method.toUpperCase()} ${path} → ${status}`;
    if (!op) {
      // an unknown route answers 404 (or 405) in the one error shape; anything else is an undocumented operation
      if (status >= 400) return this.validate('error', { $ref: '#/components/schemas/ErrorResponse' }, body, where);
      return [`${where}: the operation is not in the OpenAPI document`];
    }
    const response = op.responses[String(status)];
    const label = `${verb.toUpperCase()} ${op.template} ${status}`;
    if (!response) return [`${where}: status ${status} is not documented for ${verb.toUpperCase()} ${op.template}`];
    const declared = Object.keys(response.content ?? {});
    if (!declared.length) return [];
    const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
    if (!declared.includes(type)) return [`${where}: content type "${type}" is not documented (${declared.join(', ')})`];
    if (type !== JSON_TYPE) return [];
    const pointer = ['paths', op.template, op.method, 'responses', String(status), 'content', JSON_TYPE, 'schema'];
    return this.validate(label, response.content![JSON_TYPE].schema, body, where, pointer);
  }

  private validate(key: string, schema: unknown, body: unknown, where: string, pointer?: string[]): string[] {
    let validate = this.validators.get(key);
    if (!validate) {
      validate = this.ajv.compile(toJsonSchema(schema) as object);
      this.validators.set(key, validate);
    }
    if (validate(body)) return [];
    const errors = (validate.errors ?? [])
      .slice(0, 5)
      .map(
        (e) =>
          `${e.instancePath || '(body)'} ${e.message}${e.params && 'additionalProperty' in e.params ? ` "${String(e.params.additionalProperty)}"` : ''}`,
      );
    return [`${where}: the body does not match ${pointer ? pointer.slice(1, 5).join(' ') : 'ErrorResponse'}: ${errors.join('; ')}`];
  }
}

/** Records mismatches for the run (unless `record` is false) and describes them for the failing request. */
export function reportMismatches(problems: string[], record = true): Error {
  const file = contractLogFile();
  if (file && record) {
    mkdirSync(dirname(file), { recursive: true });
    const test = (globalThis as { expect?: { getState?: () => { currentTestName?: string; testPath?: string } } }).expect?.getState?.();
    const context = test ? ` [${test.testPath?.replace(`${process.cwd()}/`, '') ?? ''} › ${test.currentTestName ?? ''}]` : '';
    appendFileSync(file, problems.map((p) => `${p}${context}\n`).join(''));
  }
  return new Error(`OpenAPI contract: ${problems.join('\n')}`);
}
