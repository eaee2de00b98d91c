import { Module } from '@nestjs/common';
import { SubsidyPolicyController } from './subsidy-policy.controller';
import { SubsidyPolicyRepository } from './subsidy-policy.repository';
import { SubsidyPolicyService } from './subsidy-policy.service';

@Module({
  controllers: [SubsidyPolicyController],
  providers: [SubsidyPolicyService, SubsidyPolicyRepository],
  exports: [SubsidyPolicyService],
})
export class SubsidyPolicyModule {}
