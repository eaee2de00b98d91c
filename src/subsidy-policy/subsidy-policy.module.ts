import { Module } from '@nestjs/common';
import { SettledMonthsModule } from '../settlement/settled-months.module';
import { SubsidyPolicyController } from './subsidy-policy.controller';
import { SubsidyPolicyRepository } from './subsidy-policy.repository';
import { SubsidyPolicyService } from './subsidy-policy.service';

@Module({
  imports: [SettledMonthsModule],
  controllers: [SubsidyPolicyController],
  providers: [SubsidyPolicyService, SubsidyPolicyRepository],
  exports: [SubsidyPolicyService],
})
export class SubsidyPolicyModule {}
