import { PublicNoticeService } from './public-notice.service';
import { Module } from '@nestjs/common';
import { RegistryModule } from '../registry/registry.module';
import { SubsidyPolicyModule } from '../subsidy-policy/subsidy-policy.module';
import { PublicSettlementController } from './public-settlement.controller';
import { QueueDashboard } from './queue/queue-dashboard';
import { SettlementScheduler } from './queue/settlement-scheduler';
import { SettlementOutbox } from './queue/settlement-outbox';
import { SettlementProducer } from './queue/settlement.producer';
import { SettlementComputeService } from './settlement-compute.service';
import { SettlementController } from './settlement.controller';
import { SettlementService } from './settlement.service';

/** Settlement API, producer, outbox relay, scheduler registration and queue dashboard (every process). */
@Module({
  imports: [RegistryModule, SubsidyPolicyModule],
  controllers: [SettlementController, PublicSettlementController],
  providers: [
    SettlementService,
    PublicNoticeService,
    SettlementProducer,
    SettlementOutbox,
    SettlementScheduler,
    QueueDashboard,
    SettlementComputeService,
  ],
  exports: [SettlementService, SettlementProducer, SettlementComputeService],
})
export class SettlementModule {}
