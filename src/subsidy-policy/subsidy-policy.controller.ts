import { Body, Controller, Get, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '../auth/current-actor.decorator';
import { ANY_ROLE, Roles } from '../auth/roles.decorator';
import type { Actor } from '../common/request-context';
import { CreateSubsidyPolicyDto } from './dto/create-subsidy-policy.dto';
import { SubsidyPolicyService } from './subsidy-policy.service';

@ApiTags('subsidy policy')
@ApiBearerAuth()
@Controller('subsidy-policies')
export class SubsidyPolicyController {
  constructor(private readonly policies: SubsidyPolicyService) {}

  /** Policy versions, newest first. */
  @Get()
  @Roles(...ANY_ROLE)
  list() {
    return this.policies.list();
  }

  /**
   * A new version in force from `effectiveFrom`. 409 when a version with that month exists, or when it
   * would change the rules of an already approved month.
   */
  @Post()
  @Roles('admin')
  create(@Body() body: CreateSubsidyPolicyDto, @CurrentActor() actor: Actor) {
    return this.policies.create(body, actor.id);
  }
}
