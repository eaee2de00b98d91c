import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { configFromEnvironment } from './infra/config/environment';
import { closeOnSignals } from './main';

/** Queue workers only, no HTTP: `npm run start:worker`. Run as many as the load needs. */
async function bootstrap(): Promise<void> {
  const config = configFromEnvironment();
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config, { workers: true }), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  closeOnSignals(app);
  await app.init();
}

void bootstrap();
