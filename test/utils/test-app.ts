import type { INestApplication, Type } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request, { type Response, type Test as Request } from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { AppModule } from '../../src/app.module';
import { TokenService } from '../../src/auth/token.service';
import type { Role } from '../../src/generated/prisma/enums';
import { AppConfig, loadConfig } from '../../src/infra/config/app-config';
import { PrismaService } from '../../src/infra/database/prisma.service';
import { configureHttp } from '../../src/infra/http/configure-http';
import { TestClock } from './test-clock';
import { ContractChecker, reportMismatches } from './contract';

export interface TestApp {
  app: INestApplication;
  config: AppConfig;
  prisma: PrismaService;
  /** The app's clock: real time unless moved (`t.clock.setShanghai('2027-03')`). */
  clock: TestClock;
  http: () => TestAgent;
  /** The OpenAPI document the app serves; every answer `http()` receives is checked against it (test/utils/contract.ts). */
  contract: ContractChecker;
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
    /** false: a contract mismatch still fails its request but is not recorded for the run (the contract test's own drift) */
    recordContractMismatches?: boolean;
  } = {},
): Promise<TestApp> {
  const config = loadConfig({ ...process.env, ...options.env });
  const clock = new TestClock(options.now);
  const moduleRef = await Test.createTestingModule({
    imports: [AppModule.forRoot(config, { workers: options.workers ?? false, clock })],
    controllers: options.controllers ?? [],
  }).compile();
  const app = moduleRef.createNestApplication({ bodyParser: false, bufferLogs: true });
  const contract = new ContractChecker(await configureHttp(app, config));
  await app.init();
  const prisma = app.get(PrismaService);
  const tokens = app.get(TokenService);

  return {
    app,
    config,
    prisma,
    clock,
    contract,
    http: () => checkedAgent(request(app.getHttpServer()), contract, options.recordContractMismatches ?? true),
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

const METHODS = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options'] as const;

/** The supertest agent, with every request's answer checked against the OpenAPI document before the test's own expectations. */
function checkedAgent(agent: TestAgent, contract: ContractChecker, record: boolean): TestAgent {
  for (const method of METHODS) {
    const open = agent[method].bind(agent);
    agent[method] = ((url: string, ...rest: unknown[]) => {
      const test = (open as (url: string, ...rest: unknown[]) => Request)(url, ...rest);
      return test.expect((res: Response) => {
        const problems = contract.check(method, url, res.status, res.headers['content-type'], res.body);
        if (problems.length) throw reportMismatches(problems, record);
      });
    }) as TestAgent[typeof method];
  }
  return agent;
}
