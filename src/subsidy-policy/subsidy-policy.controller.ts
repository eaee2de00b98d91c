import { Controller, Get, Post } from '@nestjs/common';
import { Body } from '../infra/http/route-decorators';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '../auth/current-actor.decorator';
import { ANY_ROLE, Roles } from '../auth/roles.decorator';
import type { Actor } from '../common/request-context';
import { ApiCreated, ApiErrors, ApiOkArray } from '../infra/http/api-docs';
import { CreateSubsidyPolicyDto } from './dto/create-subsidy-policy.dto';
import { SubsidyPolicyService } from './subsidy-policy.service';
import { SubsidyPolicyView } from './subsidy-policy.view';

@ApiTags('subsidy policy')
@Controller('subsidy-policies')
export class SubsidyPolicyController {
  constructor(private readonly policies: SubsidyPolicyService) {}

  @Get()
  @Roles(...ANY_ROLE)
  @ApiOperation({ summary: '补贴政策版本', description: 'Policy versions, newest first.' })
  @ApiOkArray(SubsidyPolicyView)
  list() {
    return this.policies.list();
  }

  @Post()
  @Roles('admin')
  @ApiOperation({
    summary: '新增补贴政策版本',
    description:
      'A new version in force from `effectiveFrom`. 409 when a version with that month exists, or when it would change the rules of an already approved month.',
  })
  @ApiCreated(SubsidyPolicyView)
  @ApiErrors({ 409: ['POLICY_EXISTS', 'MONTH_APPROVED'] })
  create(@Body() body: CreateSubsidyPolicyDto, @CurrentActor() actor: Actor) {
    return this.policies.create(body, actor.id);
  }
}
