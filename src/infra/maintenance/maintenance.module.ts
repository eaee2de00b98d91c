import { Global, Module } from '@nestjs/common';
import { MaintenanceTasks } from './maintenance-tasks';
import { MaintenanceProcessor } from './maintenance.processor';

/** The registry of periodic tasks and their schedulers (every process). */
@Global()
@Module({ providers: [MaintenanceTasks], exports: [MaintenanceTasks] })
export class MaintenanceModule {}

/** The consumer of the maintenance queue: loaded where queue workers run. */
@Module({ providers: [MaintenanceProcessor] })
export class MaintenanceWorkerModule {}
