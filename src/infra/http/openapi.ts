import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, getSchemaPath, SwaggerModule } from '@nestjs/swagger';
import type { OpenAPIObject, OperationObject, ParameterObject, ResponseObject } from '@nestjs/swagger';
import { STATUS_CODES } from 'node:http';
import metadata from '../../generated/openapi-metadata';
import { ErrorResponse } from './error-body.view';

/** Who the roles are, for the per-operation notes. */
const ROLE_NAMES: Record<string, string> = {
  admin: '区卫健局管理员',
  operator: '托育机构经办人',
  finance: '区财政局',
  auditor: '审计/监督（只读）',
};
const ALL_ROLES = Object.keys(ROLE_NAMES);

const TAGS: [string, string][] = [
  ['auth', '登录与当前用户'],
  ['users', '用户管理'],
  ['institutions', '托育机构、备案流程、普惠认定与监管记录'],
  ['townships', '乡镇（街道）与人口'],
  ['statistics', '托位统计'],
  ['children', '儿童信息（脱敏）'],
  ['documents', '备案材料'],
  ['staff', '从业人员与保育人员配比'],
  ['rosters', '月度在托名册'],
  ['subsidy policy', '保育费补贴政策版本'],
  ['settlements', '月度补贴结算'],
  ['finance', '支付清单、支付记录与对账'],
  ['grants', '建设补助、奖补与预算'],
  ['audit', '审计日志'],
  ['public', '公开信息（无需登录）'],
  ['service', '服务状态'],
];

/** What a status means, in the words of the API contract. */
const STATUS_MEANING: Record<number, string> = {
  400: '请求格式错误、含未接受的字段或参数',
  401: '未登录，或令牌无效、过期、已失效',
  403: '当前角色无权执行此操作',
  404: '不存在（其他机构的记录同样回答 404）',
  409: '与当前状态冲突（流程状态不符、重复、月份已锁定等）',
  413: '请求体或上传文件过大',
  422: '数据不合规：details 列出发现的每个问题（字段、行号、代码）',
  429: '请求过于频繁，请稍后再试',
  500: '服务器内部错误：请提供 requestId',
  503: '依赖的服务（数据库或 Redis）暂不可用，未做任何更改',
};

const MUTATING = new Set(['post', 'put', 'patch', 'delete']);

type Operation = OperationObject & {
  'x-roles'?: string[];
  'x-public'?: boolean;
  'x-error-codes'?: Record<string, string[]>;
  'x-idempotency-key'?: boolean;
};

let metadataLoaded: Promise<void> | undefined;

/**
 * The OpenAPI document of the application: what its decorators declare (src/infra/http/api-docs.ts and the
 * request/response classes), completed from each route's own facts — roles and security from @Roles/@Public,
 * the standard error answers, the `Idempotency-Key` header of mutating POSTs.
 */
export async function createOpenApiDocument(app: INestApplication): Promise<OpenAPIObject> {
  metadataLoaded ??= SwaggerModule.loadPluginMetadata(metadata);
  await metadataLoaded;
  const builder = new DocumentBuilder()
    .setTitle('托育机构备案与补贴服务 API（茌平区）')
    .setDescription(
      '托育机构备案、月度在托名册、保育费分档补贴结算、建设补助与财政支付对账。金额一律为整数“分”（字段名以 Fen 结尾）；' +
        '月份为 Asia/Shanghai 的 YYYY-MM，时间戳为 UTC ISO 8601。错误一律为 ErrorResponse 结构，code 为稳定的机器可读代码。' +
        '身份证号在回答中一律脱敏。每个操作的说明列出可调用的角色。',
    )
    .setVersion('1')
    .addServer('/', '提供本文档的服务（/docs-json 所在地址）')
    .addBearerAuth(
      { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'POST /api/v1/auth/login 得到的 accessToken' },
      'bearer',
    )
    // the web console's session (src/auth/session-cookies.ts); unsafe requests also echo XSRF-TOKEN in X-XSRF-TOKEN
    .addCookieAuth(
      'childcare_session',
      {
        type: 'apiKey',
        in: 'cookie',
        description: 'POST /api/v1/auth/session 设置的会话 Cookie（网页控制台）；写操作须在 X-XSRF-TOKEN 头中回送 XSRF-TOKEN Cookie',
      },
      'session',
    );
  for (const [name, description] of TAGS) builder.addTag(name, description);
  const document = SwaggerModule.createDocument(app, builder.build(), { extraModels: [ErrorResponse] });
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(item) as [string, Operation][]) {
      if (typeof operation === 'object' && operation && 'responses' in operation) complete(path, method, operation);
    }
  }
  return document;
}

function complete(path: string, method: string, op: Operation): void {
  const isPublic = op['x-public'] === true;
  const roles = op['x-roles'];
  const parameters = (op.parameters ?? []) as ParameterObject[];
  const pathIds = parameters.filter((p) => p.in === 'path');
  const hasQuery = parameters.some((p) => p.in === 'query');
  const hasBody = op.requestBody !== undefined;
  const mutating = MUTATING.has(method);
  const idempotent = method === 'post' && !isPublic && op['x-idempotency-key'] !== false;

  for (const p of pathIds) if (p.name === 'id' && p.schema && !('$ref' in p.schema)) p.schema.format = 'uuid';
  if (idempotent) {
    parameters.push({
      name: 'Idempotency-Key',
      in: 'header',
      required: false,
      description: '幂等键（1–128 个可打印 ASCII 字符，按用户保留 24 小时）：同一键、同一请求重放第一次的回答；同一键、不同请求 → 409',
      schema: { type: 'string', minLength: 1, maxLength: 128, pattern: '^[\\x21-\\x7e]+$' },
    });
  }
  if (parameters.length) op.parameters = parameters;

  const codes: Record<number, string[]> = {};
  const add = (status: number, ...list: string[]) => (codes[status] = [...new Set([...(codes[status] ?? []), ...list])]);
  if (!isPublic) add(401, 'TOKEN_MISSING', 'TOKEN_INVALID', 'TOKEN_REVOKED');
  if (!isPublic && !(roles && ALL_ROLES.every((r) => roles.includes(r)))) add(403, 'FORBIDDEN');
  // a console session's unsafe request without its X-XSRF-TOKEN header
  if (!isPublic && mutating) add(403, 'CSRF_TOKEN_INVALID');
  // a body where none is taken, or an unknown body field or query parameter
  if (mutating || hasQuery) add(400, 'UNKNOWN_FIELD');
  if (hasBody) add(400, 'MALFORMED_JSON');
  if (pathIds.length) add(400, 'BAD_REQUEST');
  if (hasBody || hasQuery) add(422, 'VALIDATION_FAILED');
  if (pathIds.length) add(404, 'NOT_FOUND');
  if (mutating) add(413, 'PAYLOAD_TOO_LARGE');
  if (idempotent) {
    add(400, 'IDEMPOTENCY_KEY_INVALID');
    add(409, 'IDEMPOTENCY_KEY_REUSED', 'IDEMPOTENCY_IN_PROGRESS', 'IDEMPOTENCY_RESPONSE_LOST', 'IDEMPOTENCY_KEY_TAKEN_OVER');
  }
  for (const [status, list] of Object.entries(op['x-error-codes'] ?? {})) add(Number(status), ...list);
  delete op['x-error-codes'];

  for (const [status, list] of Object.entries(codes)) {
    if (op.responses[status]) continue;
    const listed = list.length ? `。代码：${list.map((c) => `\`${c}\``).join('、')}` : '';
    op.responses[status] = {
      description: `${STATUS_MEANING[Number(status)] ?? STATUS_CODES[Number(status)] ?? '错误'}${listed}`,
      content: { 'application/json': { schema: { $ref: getSchemaPath(ErrorResponse) } } },
      'x-error-codes': list,
    } as ResponseObject;
  }

  if (isPublic) {
    delete op.security;
  } else {
    op.security = [{ bearer: [] }, { session: [] }];
  }
  const who = isPublic
    ? '**调用者**：任何人（无需登录）'
    : roles?.length
      ? `**可调用角色**：${roles.map((r) => `\`${r}\`（${ROLE_NAMES[r] ?? r}）`).join('、')}`
      : '**可调用角色**：无（未声明角色的路由一律拒绝）';
  op.description = op.description ? `${who}\n\n${op.description}` : who;
  if (!op.summary) op.summary = `${method.toUpperCase()} ${path}`;
}
