import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR } from '@nestjs/core';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { ChildrenModule } from './children/children.module';
import { DocumentsModule } from './documents/documents.module';
import { FinanceModule } from './finance/finance.module';
import { GrantsModule } from './grants/grants.module';
import { HealthModule } from './health/health.module';
import { Clock } from './infra/clock/clock';
import { ClockModule } from './infra/clock/clock.module';
import { AppConfig } from './infra/config/app-config';
import { ConfigModule } from './infra/config/config.module';
import { CryptoModule } from './infra/crypto/crypto.module';
import { DatabaseModule } from './infra/database/database.module';
import { ERROR_CATALOGUE } from './error-catalogue';
import { useErrorMessages } from './infra/http/error-response';
import { GlobalExceptionFilter } from './infra/http/exception.filter';
import { IdempotencyInterceptor } from './infra/http/idempotency.interceptor';
import { IdempotencyModule } from './infra/idempotency/idempotency.module';
import { RejectUnexpectedBodyInterceptor } from './infra/http/reject-unexpected-body.interceptor';
import { LoggingModule } from './infra/logging/logging.module';
import { MaintenanceModule, MaintenanceWorkerModule } from './infra/maintenance/maintenance.module';
import { RedisModule } from './infra/redis/redis.module';
import { RegistryModule } from './registry/registry.module';
import { RostersModule } from './rosters/rosters.module';
import { SettlementWorkerModule } from './settlement/settlement-worker.module';
import { SettlementModule } from './settlement/settlement.module';
import { StaffModule } from './staff/staff.module';
import { StatsModule } from './stats/stats.module';
import { SubsidyPolicyModule } from './subsidy-policy/subsidy-policy.module';
import { UsersModule } from './users/users.module';

/** Modules whose processors consume queues; loaded by the API process unless RUN_WORKERS=false, and by the worker process. */
const WORKER_MODULES = [SettlementWorkerModule, MaintenanceWorkerModule];

@Module({})
export class AppModule {
  /**
   * `workers`: run queue processors in this process. The worker entry point (src/worker.ts) uses the same module.
   * `clock`: the source of "now" (tests pass one they can move forward); the system clock otherwise.
   */
  static forRoot(config: AppConfig, options: { workers: boolean; clock?: Clock }): DynamicModule {
    useErrorMessages(ERROR_CATALOGUE);
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        ClockModule.forRoot(options.clock),
        LoggingModule,
        DatabaseModule,
        CryptoModule,
        RedisModule,
        MaintenanceModule,
        IdempotencyModule,
        AuditModule,
        AuthModule,
        HealthModule,
        UsersModule,
        DocumentsModule,
        RegistryModule,
        StatsModule,
        ChildrenModule,
        RostersModule,
        StaffModule,
        SubsidyPolicyModule,
        SettlementModule,
        FinanceModule,
        GrantsModule,
        ...(options.workers ? WORKER_MODULES : []),
      ],
      providers: [
        { provide: APP_FILTER, useClass: GlobalExceptionFilter },
        { provide: APP_INTERCEPTOR, useClass: RejectUnexpectedBodyInterceptor },
        { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
      ],
    };
  }
}
