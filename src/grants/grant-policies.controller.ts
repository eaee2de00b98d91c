import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '../auth/current-actor.decorator';
import { Roles } from '../auth/roles.decorator';
import type { Actor } from '../common/request-context';
import { CreateGrantPolicyDto, GrantPolicyQuery } from './dto/grant-policy.dto';
import { GrantPoliciesService } from './grant-policies.service';

@ApiTags('grants')
@ApiBearerAuth()
@Controller('grant-policies')
export class GrantPoliciesController {
  constructor(private readonly policies: GrantPoliciesService) {}

  /** Versions of the grant amounts per (kind, source, effectiveFromYear); filter `kind`. */
  @Get()
  @Roles('admin', 'finance', 'auditor')
  list(@Query() query: GrantPolicyQuery) {
    return this.policies.list(query);
  }

  /** Adds a version (CONSTRUCTION only) applying to grants created for that year and later; existing grants keep their amounts. */
  @Post()
  @Roles('admin')
  create(@Body() body: CreateGrantPolicyDto, @CurrentActor() actor: Actor) {
    return this.policies.create(body, actor);
  }
}
