import { PublicNoticeService } from './public-notice.service';
import { Module } from '@nestjs/common';
import { RegistryModule } from '../registry/registry.module';
import { RostersModule } from '../rosters/rosters.module';
import { SubsidyPolicyModule } from '../subsidy-policy/subsidy-policy.module';
import { PublicSettlementController } from './public-settlement.controller';
import { QueueDashboard } from './queue/queue-dashboard';
import { SettlementScheduler } from './queue/settlement-scheduler';
import { SettlementOutbox } from './queue/settlement-outbox';
import { SettlementOutboxRepository } from './queue/settlement-outbox.repository';
import { SettlementProducer } from './queue/settlement.producer';
import { SettlementComputeRepository } from './settlement-compute.repository';
import { SettlementComputeService } from './settlement-compute.service';
import { SettlementInstitutionsRepository } from './settlement-institutions.repository';
import { SettlementLinesRepository } from './settlement-lines.repository';
import { SettlementPayouts } from './settlement-payouts.service';
import { SettlementRunsRepository } from './settlement-runs.repository';
import { SettlementController } from './settlement.controller';
import { SettlementService } from './settlement.service';

/** Settlement API, producer, outbox relay, scheduler registration and queue dashboard (every process). */
@Module({
  imports: [RegistryModule, RostersModule, SubsidyPolicyModule],
  controllers: [SettlementController, PublicSettlementController],
  providers: [
    SettlementService,
    PublicNoticeService,
    SettlementProducer,
    SettlementOutbox,
    SettlementScheduler,
    QueueDashboard,
    SettlementComputeService,
    SettlementRunsRepository,
    SettlementInstitutionsRepository,
    SettlementLinesRepository,
    SettlementComputeRepository,
    SettlementOutboxRepository,
    SettlementPayouts,
  ],
  exports: [SettlementService, SettlementProducer, SettlementComputeService, SettlementPayouts],
})
export class SettlementModule {}
