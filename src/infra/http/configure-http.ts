import type { INestApplication } from '@nestjs/common';
import { OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import express, { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import type { AppConfig } from '../config/app-config';
import { sendError } from './exception.filter';
import { createOpenApiDocument } from './openapi';
import { requestIdMiddleware } from './request-id.middleware';
import { createValidationPipe } from './validation.pipe';
import { webConsole } from './web-console';

export const API_PREFIX = 'api/v1';

/** Every route under /api/v1 except /health. */
export function setApiPrefix(app: INestApplication): void {
  app.setGlobalPrefix(API_PREFIX, { exclude: ['health'] });
}

/**
 * Everything HTTP-specific that is not a provider: used by main.ts and by the e2e tests, so tests
 * exercise exactly the production pipeline. Returns the OpenAPI document it serves at /docs-json.
 */
export async function configureHttp(app: INestApplication, config: AppConfig): Promise<OpenAPIObject> {
  const http = app.getHttpAdapter().getInstance() as express.Express;
  http.disable('x-powered-by');
  if (config.trustProxy) http.set('trust proxy', true);

  app.useLogger(app.get(Logger));
  app.use(requestIdMiddleware);
  // the console (static files, SPA fallback) sets its own Content-Security-Policy; API answers are JSON
  app.use(helmet({ contentSecurityPolicy: false }));
  app.use(webConsole());
  // Authenticated answers may carry personal data: never cached. Public ones set their own caching.
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (!req.path.startsWith(`/${API_PREFIX}/public/`)) res.setHeader('Cache-Control', 'no-store');
    next();
  });
  app.use(express.json({ limit: config.bodyLimitBytes }));
  app.use(express.urlencoded({ extended: false, limit: config.bodyLimitBytes }));
  // body-parser errors (413, malformed JSON) happen before Nest's filters can see them
  app.use((err: unknown, req: Request, res: Response, next: NextFunction) => (err ? sendError(err, req, res) : next()));

  setApiPrefix(app);
  app.useGlobalPipes(createValidationPipe());

  const document = await createOpenApiDocument(app);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  return document;
}
