import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { existsSync } from 'node:fs';
import { AppModule } from './app.module';
import { AppConfig, ConfigError, loadConfig } from './infra/config/app-config';
import { configureHttp } from './infra/http/configure-http';

/** Reads .env (if present) and the environment once; a bad value stops start-up naming the variable. */
export function configFromEnvironment(): AppConfig {
  if (existsSync('.env')) {
    process.loadEnvFile('.env');
  } else if (process.env.NODE_ENV !== 'production' && existsSync('.env.example')) {
    // convenience for a first run on a developer machine; production must provide its own settings
    console.warn('No .env found: using .env.example (development values; do not use in production)');
    process.loadEnvFile('.env.example');
  }
  try {
    return loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}

async function bootstrap(): Promise<void> {
  const config = configFromEnvironment();
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, { workers: config.runWorkers }), {
    bodyParser: false,
    bufferLogs: true,
  });
  configureHttp(app, config);
  await app.listen(config.port);
}

if (require.main === module) void bootstrap();
