import { Global, Module, OnModuleInit } from '@nestjs/common';
import { MaintenanceTasks } from '../maintenance/maintenance-tasks';
import { IdempotencyKeys } from './idempotency-keys';
import { IdempotencyKeysRepository } from './idempotency-keys.repository';

/** Owner of the idempotency_keys table; prunes expired keys every hour (a maintenance job). */
@Global()
@Module({ providers: [IdempotencyKeys, IdempotencyKeysRepository], exports: [IdempotencyKeys] })
export class IdempotencyModule implements OnModuleInit {
  constructor(
    private readonly keys: IdempotencyKeys,
    private readonly maintenance: MaintenanceTasks,
  ) {}

  onModuleInit(): void {
    this.maintenance.register({ name: 'idempotency-prune', everyMs: 3600_000, run: () => this.keys.prune().then(() => undefined) });
  }
}
