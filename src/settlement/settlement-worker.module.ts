import { Module } from '@nestjs/common';
import { SettlementProcessor } from './queue/settlement.processor';
import { SettlementModule } from './settlement.module';

/** The settlement queue's consumer: loaded by the worker process, and by the API when RUN_WORKERS=true. */
@Module({
  imports: [SettlementModule],
  providers: [SettlementProcessor],
})
export class SettlementWorkerModule {}
