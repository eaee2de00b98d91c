import { Module } from '@nestjs/common';
import { SubsidyPolicyController } from './subsidy-policy.controller';
import { SubsidyPolicyService } from './subsidy-policy.service';

@Module({
  controllers: [SubsidyPolicyController],
  providers: [SubsidyPolicyService],
  exports: [SubsidyPolicyService],
})
export class SubsidyPolicyModule {}
