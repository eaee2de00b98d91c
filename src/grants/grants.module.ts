import { Module } from '@nestjs/common';
import { RegistryModule } from '../registry/registry.module';
import { BudgetsController } from './budgets.controller';
import { BudgetsRepository } from './budgets.repository';
import { BudgetsService } from './budgets.service';
import { GrantPoliciesController } from './grant-policies.controller';
import { GrantPoliciesRepository } from './grant-policies.repository';
import { GrantPoliciesService } from './grant-policies.service';
import { GrantsController } from './grants.controller';
import { GrantsRepository } from './grants.repository';
import { GrantsService } from './grants.service';

/** Construction grants and advanced-institution awards, their annual budgets and the grant policy (issue 7). */
@Module({
  imports: [RegistryModule],
  controllers: [GrantsController, BudgetsController, GrantPoliciesController],
  providers: [GrantsService, BudgetsService, GrantPoliciesService, GrantsRepository, BudgetsRepository, GrantPoliciesRepository],
})
export class GrantsModule {}
