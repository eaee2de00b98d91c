import { Controller, Get, Post, Query } from '@nestjs/common';
import { Body } from '../infra/http/route-decorators';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '../auth/current-actor.decorator';
import { Roles } from '../auth/roles.decorator';
import type { Actor } from '../common/request-context';
import { ApiCreated, ApiErrors, ApiPage } from '../infra/http/api-docs';
import { CreateGrantPolicyDto, GrantPolicyQuery } from './dto/grant-policy.dto';
import { GrantPoliciesService } from './grant-policies.service';
import { GrantPolicyView } from './grant-policy.view';

@ApiTags('grants')
@Controller('grant-policies')
export class GrantPoliciesController {
  constructor(private readonly policies: GrantPoliciesService) {}

  @Get()
  @Roles('admin', 'finance', 'auditor')
  @ApiOperation({
    summary: '补助金额政策版本',
    description: 'Versions of the grant amounts per (kind, source, effectiveFromYear); filter `kind`.',
  })
  @ApiPage(GrantPolicyView)
  list(@Query() query: GrantPolicyQuery) {
    return this.policies.list(query);
  }

  @Post()
  @Roles('admin')
  @ApiOperation({
    summary: '新增补助金额政策版本',
    description:
      'Adds a version (CONSTRUCTION only) applying to grants created for that year and later; existing grants keep their amounts.',
  })
  @ApiCreated(GrantPolicyView)
  @ApiErrors({ 409: ['GRANT_POLICY_EXISTS'] })
  create(@Body() body: CreateGrantPolicyDto, @CurrentActor() actor: Actor) {
    return this.policies.create(body, actor);
  }
}
