import type { INestApplication, Type } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { AppModule } from '../../src/app.module';
import { TokenService } from '../../src/auth/token.service';
import type { Role } from '../../src/generated/prisma/enums';
import { AppConfig, loadConfig } from '../../src/infra/config/app-config';
import { PrismaService } from '../../src/infra/database/prisma.service';
import { configureHttp } from '../../src/infra/http/configure-http';
import { TestClock } from './test-clock';

export interface TestApp {
  app: INestApplication;
  config: AppConfig;
  prisma: PrismaService;
  /** The app's clock: real time unless moved (`t.clock.setShanghai('2027-03')`). */
  clock: TestClock;
  http: () => TestAgent;
  /** Creates a user directly in the database and returns a valid bearer token for it. */
  userWithToken: (role: Role, institutionId?: string | null) => Promise<{ id: string; token: string; auth: { Authorization: string } }>;
  close: () => Promise<void>;
}

let counter = 0;

/** The whole application, wired exactly as main.ts wires it, against this run's database and Redis. */
export async function createTestApp(
  options: {
    workers?: boolean;
    env?: Record<string, string>;
    /** extra controllers mounted next to the app's own (e.g. a route without @Roles, to prove deny-by-default) */
    controllers?: Type[];
    /** where the app's clock starts (default: now); it can be moved later through `clock` */
    now?: Date | string;
  } = {},
): Promise<TestApp> {
  const config = loadConfig({ ...process.env, ...options.env });
  const clock = new TestClock(options.now);
  const moduleRef = await Test.createTestingModule({
    imports: [AppModule.forRoot(config, { workers: options.workers ?? false, clock })],
    controllers: options.controllers ?? [],
  }).compile();
  const app = moduleRef.createNestApplication({ bodyParser: false, bufferLogs: true });
  configureHttp(app, config);
  await app.init();
  const prisma = app.get(PrismaService);
  const tokens = app.get(TokenService);

  return {
    app,
    config,
    prisma,
    clock,
    http: () => request(app.getHttpServer()),
    userWithToken: async (role, institutionId = null) => {
      counter += 1;
      const user = await prisma.user.create({
        data: { username: `${role}-${process.pid}-${Date.now()}-${counter}`, passwordHash: 'not-used', role, institutionId },
      });
      const token = tokens.sign({ sub: user.id, ver: user.tokenVersion });
      return { id: user.id, token, auth: { Authorization: `Bearer ${token}` } };
    },
    close: () => app.close(),
  };
}
