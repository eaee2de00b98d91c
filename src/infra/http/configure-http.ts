import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import express, { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import type { AppConfig } from '../config/app-config';
import { sendError } from './exception.filter';
import { requestIdMiddleware } from './request-id.middleware';
import { createValidationPipe } from './validation.pipe';

export const API_PREFIX = 'api/v1';

/**
 * Everything HTTP-specific that is not a provider: used by main.ts and by the e2e tests, so tests
 * exercise exactly the production pipeline.
 */
export function configureHttp(app: INestApplication, config: AppConfig): void {
  const http = app.getHttpAdapter().getInstance() as express.Express;
  http.disable('x-powered-by');
  if (config.trustProxy) http.set('trust proxy', true);

  app.useLogger(app.get(Logger));
  app.use(requestIdMiddleware);
  app.use(helmet({ contentSecurityPolicy: false }));
  // Authenticated answers may carry personal data: never cached. Public ones set their own caching.
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (!req.path.startsWith(`/${API_PREFIX}/public/`)) res.setHeader('Cache-Control', 'no-store');
    next();
  });
  app.use(express.json({ limit: config.bodyLimitBytes }));
  app.use(express.urlencoded({ extended: false, limit: config.bodyLimitBytes }));
  // body-parser errors (413, malformed JSON) happen before Nest's filters can see them
  app.use((err: unknown, req: Request, res: Response, next: NextFunction) => (err ? sendError(err, req, res) : next()));

  app.setGlobalPrefix(API_PREFIX, { exclude: ['health'] });
  app.useGlobalPipes(createValidationPipe());

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Childcare registry and subsidy API')
      .setDescription(
        'Institutions and filing (备案), monthly rosters, the per-child subsidy settlement, grants and finance ' +
          'reconciliation. Money is integer fen; months are YYYY-MM in Asia/Shanghai. See README for workflows.',
      )
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
}
