import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '../auth/current-actor.decorator';
import { ANY_ROLE, Roles } from '../auth/roles.decorator';
import type { Actor } from '../common/request-context';
import { LineQuery, RunSettlementDto, SettlementQuery } from './dto/settlement.dto';
import { SettlementService } from './settlement.service';

@ApiTags('settlements')
@ApiBearerAuth()
@Controller('settlements')
export class SettlementController {
  constructor(private readonly settlements: SettlementService) {}

  /**
   * Queues the month's settlement and answers 202 at once (status QUEUED; follow `progress` with GET).
   * Re-running a month not yet APPROVED recomputes it under the same id; while a run is queued or
   * running the same settlement is answered and nothing more is queued. APPROVED/PAID → 409; a month
   * not over yet → 422; Redis unavailable → 503 with nothing changed.
   */
  @Post()
  @HttpCode(202)
  @Roles('admin')
  run(@Body() body: RunSettlementDto) {
    return this.settlements.requestRun(body.month);
  }

  /** Settlements, newest month first. Operators see only their own institution's part. */
  @Get()
  @Roles(...ANY_ROLE)
  list(@Query() query: SettlementQuery, @CurrentActor() actor: Actor) {
    return this.settlements.list(query, actor);
  }

  /** One settlement: status, progress {done,total}, totals and per-institution amounts (operators: their own). */
  @Get(':id')
  @Roles(...ANY_ROLE)
  get(@Param('id', ParseUUIDPipe) id: string, @CurrentActor() actor: Actor) {
    return this.settlements.get(id, actor);
  }

  /** Its lines (masked ID numbers), filtered by institutionId, reason, forMonth, childId; empty until COMPUTED. */
  @Get(':id/lines')
  @Roles(...ANY_ROLE)
  lines(@Param('id', ParseUUIDPipe) id: string, @Query() query: LineQuery, @CurrentActor() actor: Actor) {
    return this.settlements.lines(id, query, actor);
  }

  /** COMPUTED → PUBLISHED: per-institution totals appear at /public/settlements/:id. */
  @Post(':id/publish')
  @HttpCode(200)
  @Roles('admin')
  publish(@Param('id', ParseUUIDPipe) id: string) {
    return this.settlements.publish(id);
  }

  /** PUBLISHED → APPROVED: the rosters the settlement paid from become LOCKED; the month is never recomputed. */
  @Post(':id/approve')
  @HttpCode(200)
  @Roles('admin')
  approve(@Param('id', ParseUUIDPipe) id: string, @CurrentActor() actor: Actor) {
    return this.settlements.approve(id, actor);
  }
}
