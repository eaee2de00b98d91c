import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { SESSION_COOKIE } from '../../auth/session-cookies';

/** The OpenAPI document of the app (served at /docs-json; `npm run gen:api` turns it into the console's types). */
export function openApiDocument(app: INestApplication): OpenAPIObject {
  return SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Childcare registry and subsidy API')
      .setDescription(
        'Institutions and filing (备案), monthly rosters, the per-child subsidy settlement, grants and finance ' +
          'reconciliation. Money is integer fen; months are YYYY-MM in Asia/Shanghai. See README for workflows. ' +
          'API clients send `Authorization: Bearer <accessToken>` (POST /api/v1/auth/login); the web console signs in ' +
          `with POST /api/v1/auth/session (cookie ${SESSION_COOKIE}) and echoes the XSRF-TOKEN cookie in X-XSRF-TOKEN on unsafe requests.`,
      )
      .setVersion('1')
      .addBearerAuth()
      .addCookieAuth(SESSION_COOKIE)
      .build(),
  );
}
