import 'reflect-metadata';
import { INestApplicationContext, Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module';
import { configFromEnvironment } from './infra/config/environment';
import { configureHttp } from './infra/http/configure-http';

/**
 * Graceful shutdown on SIGTERM/SIGINT: `app.close()` stops taking requests, lets the queue workers finish (or
 * release) their jobs and closes every connection; then the process exits 0 (1 if closing failed). A repeated
 * signal (npm and the terminal both forward Ctrl-C) does not cut the shutdown short. Used instead of Nest's
 * enableShutdownHooks, which re-raises the signal after closing, so the process always ended "killed by SIGTERM".
 */
export function closeOnSignals(app: INestApplicationContext): void {
  const logger = new Logger('Shutdown');
  let closing = false;
  const close = (signal: NodeJS.Signals) => {
    if (closing) return;
    closing = true;
    logger.log(`${signal}: shutting down`);
    app.close().then(
      () => process.exit(0),
      (error: Error) => {
        logger.error(`Shutdown failed: ${error.message}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', close);
  process.on('SIGINT', close);
}

async function bootstrap(): Promise<void> {
  const config = configFromEnvironment();
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, { workers: config.runWorkers }), {
    bodyParser: false,
    bufferLogs: true,
  });
  await configureHttp(app, config);
  closeOnSignals(app);
  await app.listen(config.port);
}

if (require.main === module) void bootstrap();
