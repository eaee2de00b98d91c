import { NestFactory } from '@nestjs/core';
import type { OpenAPIObject } from '@nestjs/swagger';
import { AppModule } from '../../app.module';
import { loadConfig } from '../config/app-config';
import { setApiPrefix } from './configure-http';
import { createOpenApiDocument } from './openapi';

/** Settings that only have to pass validation: nothing connects while the document is built. */
const PLACEHOLDER_ENV = {
  NODE_ENV: 'development',
  DATABASE_URL: 'postgresql://127.0.0.1:1/unused',
  JWT_SECRET: 'x'.repeat(32),
  PII_KEYS: `k1:${Buffer.alloc(32).toString('base64')}`,
  PII_HMAC_KEY: Buffer.alloc(32).toString('base64'),
  AUDIT_CHAIN_KEY: Buffer.alloc(32, 1).toString('base64'),
  SETTLEMENT_CRON: '',
};

/**
 * The application's OpenAPI document without a running server, database or Redis: the modules are only
 * scanned (Nest's preview mode instantiates no provider), so the document is exactly what /docs-json serves.
 */
export async function buildOpenApiDocumentOffline(): Promise<OpenAPIObject> {
  const app = await NestFactory.create(AppModule.forRoot(loadConfig(PLACEHOLDER_ENV), { workers: false }), {
    preview: true,
    logger: false,
    abortOnError: false,
  });
  try {
    setApiPrefix(app);
    return await createOpenApiDocument(app);
  } finally {
    await app.close();
  }
}
