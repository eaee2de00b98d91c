import { Controller, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { Body, HttpCode } from '../infra/http/route-decorators';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '../auth/current-actor.decorator';
import { ANY_ROLE, Roles } from '../auth/roles.decorator';
import type { Actor } from '../common/request-context';
import { ApiAccepted, ApiErrors, ApiOk, ApiPage } from '../infra/http/api-docs';
import { LineQuery, RunSettlementDto, SettlementQuery } from './dto/settlement.dto';
import { SettlementService } from './settlement.service';
import { SettlementLineView, SettlementView } from './settlement.view';

@ApiTags('settlements')
@Controller('settlements')
export class SettlementController {
  constructor(private readonly settlements: SettlementService) {}

  @Post()
  @HttpCode(202)
  @Roles('admin')
  @ApiOperation({
    summary: '发起月度结算',
    description:
      "Queues the month's settlement and answers 202 at once (status QUEUED; follow `progress` with GET). Re-running a month not yet APPROVED recomputes it under the same id; while a run is queued or running the same settlement is answered and nothing more is queued. APPROVED/PAID → 409; a later month APPROVED/PAID → 409 LATER_MONTH_APPROVED (its late rosters are paid as corrections by the next open month); a month not over yet → 422; Redis unavailable → 503 with nothing changed.",
  })
  @ApiAccepted(SettlementView)
  @ApiErrors({ 409: ['SETTLEMENT_APPROVED', 'LATER_MONTH_APPROVED'], 503: ['SERVICE_UNAVAILABLE'] })
  run(@Body() body: RunSettlementDto) {
    return this.settlements.requestRun(body.month);
  }

  @Get()
  @Roles(...ANY_ROLE)
  @ApiOperation({ summary: '结算列表', description: "Settlements, newest month first. Operators see only their own institution's part." })
  @ApiPage(SettlementView)
  list(@Query() query: SettlementQuery, @CurrentActor() actor: Actor) {
    return this.settlements.list(query, actor);
  }

  @Get(':id')
  @Roles(...ANY_ROLE)
  @ApiOperation({
    summary: '结算详情与进度',
    description: 'One settlement: status, progress {done,total}, totals and per-institution amounts (operators: their own).',
  })
  @ApiOk(SettlementView)
  get(@Param('id', ParseUUIDPipe) id: string, @CurrentActor() actor: Actor) {
    return this.settlements.get(id, actor);
  }

  @Get(':id/lines')
  @Roles(...ANY_ROLE)
  @ApiOperation({
    summary: '结算明细（逐个儿童）',
    description: 'Its lines (masked ID numbers), filtered by institutionId, reason, forMonth, childId; empty until COMPUTED.',
  })
  @ApiPage(SettlementLineView)
  lines(@Param('id', ParseUUIDPipe) id: string, @Query() query: LineQuery, @CurrentActor() actor: Actor) {
    return this.settlements.lines(id, query, actor);
  }

  @Post(':id/publish')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({ summary: '公示结算结果', description: 'COMPUTED → PUBLISHED: per-institution totals appear at /public/settlements/:id.' })
  @ApiOk(SettlementView)
  @ApiErrors({ 409: ['INVALID_STATE'] })
  publish(@Param('id', ParseUUIDPipe) id: string) {
    return this.settlements.publish(id);
  }

  @Post(':id/approve')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({
    summary: '审定结算（锁定名册）',
    description:
      'PUBLISHED → APPROVED: the rosters the settlement paid from become LOCKED; the month is never recomputed. Months are approved in order (EARLIER_MONTH_NOT_APPROVED, LATER_MONTH_APPROVED); a run whose inputs changed since it was computed (policy, rosters, eligibility, birth orders, corrections, carried overpayments) → 409 SETTLEMENT_STALE naming each change.',
  })
  @ApiOk(SettlementView)
  @ApiErrors({ 409: ['INVALID_STATE', 'EARLIER_MONTH_NOT_APPROVED', 'LATER_MONTH_APPROVED', 'SETTLEMENT_STALE'] })
  approve(@Param('id', ParseUUIDPipe) id: string, @CurrentActor() actor: Actor) {
    return this.settlements.approve(id, actor);
  }
}
