import { Controller, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { Body, HttpCode } from '../infra/http/route-decorators';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '../auth/current-actor.decorator';
import { ANY_ROLE, Roles } from '../auth/roles.decorator';
import type { Actor } from '../common/request-context';
import { ApiCreated, ApiErrors, ApiOk, ApiPage } from '../infra/http/api-docs';
import { CreateDisbursementDto, CreateGrantDto, GrantQuery, RejectGrantDto } from './dto/grant.dto';
import { GrantView } from './grant.view';
import { GrantsService } from './grants.service';

@ApiTags('grants')
@Controller('grants')
export class GrantsController {
  constructor(private readonly grants: GrantsService) {}

  @Post()
  @Roles('admin')
  @ApiOperation({
    summary: '创建建设补助或奖补',
    description:
      'Creates a PENDING grant. CONSTRUCTION: the institution must be FILED, PUBLIC, independent and district-level (422 lists every failing condition), amounts from the grant policy in force for `year`, at most one ever (409). ADVANCED_AWARD: `amountFen` required, institution FILED and inclusive this month, at most one per year (409).',
  })
  @ApiCreated(GrantView)
  @ApiErrors({ 409: ['GRANT_EXISTS'] })
  create(@Body() body: CreateGrantDto, @CurrentActor() actor: Actor) {
    return this.grants.create(body, actor);
  }

  @Get()
  @Roles(...ANY_ROLE)
  @ApiOperation({
    summary: '补助列表',
    description: "Filters `institutionId, kind, year, status`; operators see their own institution's grants only.",
  })
  @ApiPage(GrantView)
  list(@Query() query: GrantQuery, @CurrentActor() actor: Actor) {
    return this.grants.list(query, actor);
  }

  @Get(':id')
  @Roles(...ANY_ROLE)
  @ApiOperation({
    summary: '补助详情',
    description: "One grant with its components and disbursements (404 for another institution's grant when operator).",
  })
  @ApiOk(GrantView)
  get(@Param('id', ParseUUIDPipe) id: string, @CurrentActor() actor: Actor) {
    return this.grants.get(id, actor);
  }

  @Post(':id/approve')
  @Roles('admin')
  @HttpCode(200)
  @ApiOperation({
    summary: '批准补助（双人审核）',
    description:
      'PENDING → APPROVED, by an admin other than the creator (403 FOUR_EYES). Charges each component to the budget of (year, source) when one is set: 409 BUDGET_EXCEEDED naming the remaining amount when it cannot carry it.',
  })
  @ApiOk(GrantView)
  @ApiErrors({ 403: ['FOUR_EYES'], 409: ['GRANT_NOT_PENDING', 'BUDGET_EXCEEDED'], 422: ['VALIDATION_FAILED'] })
  approve(@Param('id', ParseUUIDPipe) id: string, @CurrentActor() actor: Actor) {
    return this.grants.approve(id, actor);
  }

  @Post(':id/reject')
  @Roles('admin')
  @HttpCode(200)
  @ApiOperation({
    summary: '驳回补助（双人审核）',
    description: 'PENDING → REJECTED with `{ reason }`, by an admin other than the creator (403 FOUR_EYES).',
  })
  @ApiOk(GrantView)
  @ApiErrors({ 403: ['FOUR_EYES'], 409: ['GRANT_NOT_PENDING'] })
  reject(@Param('id', ParseUUIDPipe) id: string, @Body() body: RejectGrantDto, @CurrentActor() actor: Actor) {
    return this.grants.reject(id, body, actor);
  }

  @Post(':id/disbursements')
  @Roles('finance')
  @ApiOperation({
    summary: '登记补助拨付',
    description:
      "Records a payment `{ source, amountFen, voucherNo, paidOn }` against an APPROVED grant's component. 409 OVER_DISBURSEMENT beyond the component's amount, 409 DUPLICATE_VOUCHER for a voucher already recorded; the grant becomes DISBURSED once every component is paid in full.",
  })
  @ApiCreated(GrantView)
  @ApiErrors({ 409: ['GRANT_NOT_APPROVED', 'GRANT_FULLY_DISBURSED', 'OVER_DISBURSEMENT', 'DUPLICATE_VOUCHER'] })
  disburse(@Param('id', ParseUUIDPipe) id: string, @Body() body: CreateDisbursementDto, @CurrentActor() actor: Actor) {
    return this.grants.disburse(id, body, actor);
  }
}
