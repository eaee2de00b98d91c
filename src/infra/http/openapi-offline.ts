import { NestFactory } from '@nestjs/core';
import type { OpenAPIObject } from '@nestjs/swagger';
import { AppModule } from '../../app.module';
import { loadConfig } from '../config/app-config';
import { setApiPrefix } from './configure-http';
import { openApiDocument } from './openapi';

/**
 * The OpenAPI document without a running server, database or Redis: Nest's preview mode builds the module graph
 * (routes and their metadata) without instantiating any provider, so nothing connects anywhere. The settings are
 * placeholders: the document does not depend on them. Run from the compiled build (`npm run gen:api`): the
 * Swagger plugin of `nest build` is what describes the DTOs.
 */
export async function offlineOpenApiDocument(): Promise<OpenAPIObject> {
  const key = Buffer.alloc(32).toString('base64');
  const config = loadConfig({
    DATABASE_URL: 'postgresql://offline.invalid/none',
    JWT_SECRET: 'offline-document-only-'.padEnd(32, '0'),
    PII_KEYS: `offline:${key}`,
    PII_HMAC_KEY: key,
  });
  const app = await NestFactory.create(AppModule.forRoot(config, { workers: false }), {
    preview: true,
    logger: false,
    abortOnError: false,
  });
  try {
    setApiPrefix(app);
    return openApiDocument(app);
  } finally {
    await app.close();
  }
}
