import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '../auth/current-actor.decorator';
import { ANY_ROLE, Roles } from '../auth/roles.decorator';
import type { Actor } from '../common/request-context';
import { CreateDisbursementDto, CreateGrantDto, GrantQuery, RejectGrantDto } from './dto/grant.dto';
import { GrantsService } from './grants.service';

@ApiTags('grants')
@ApiBearerAuth()
@Controller('grants')
export class GrantsController {
  constructor(private readonly grants: GrantsService) {}

  /**
   * Creates a PENDING grant. CONSTRUCTION: the institution must be FILED, PUBLIC, independent and district-level
   * (422 lists every failing condition), amounts from the grant policy in force for `year`, at most one ever (409).
   * ADVANCED_AWARD: `amountFen` required, institution FILED and inclusive this month, at most one per year (409).
   */
  @Post()
  @Roles('admin')
  create(@Body() body: CreateGrantDto, @CurrentActor() actor: Actor) {
    return this.grants.create(body, actor);
  }

  /** Filters `institutionId, kind, year, status`; operators see their own institution's grants only. */
  @Get()
  @Roles(...ANY_ROLE)
  list(@Query() query: GrantQuery, @CurrentActor() actor: Actor) {
    return this.grants.list(query, actor);
  }

  /** One grant with its components and disbursements (404 for another institution's grant when operator). */
  @Get(':id')
  @Roles(...ANY_ROLE)
  get(@Param('id', ParseUUIDPipe) id: string, @CurrentActor() actor: Actor) {
    return this.grants.get(id, actor);
  }

  /**
   * PENDING → APPROVED, by an admin other than the creator (403 FOUR_EYES). Charges each component to the budget of
   * (year, source) when one is set: 409 BUDGET_EXCEEDED naming the remaining amount when it cannot carry it.
   */
  @Post(':id/approve')
  @Roles('admin')
  @HttpCode(200)
  approve(@Param('id', ParseUUIDPipe) id: string, @CurrentActor() actor: Actor) {
    return this.grants.approve(id, actor);
  }

  /** PENDING → REJECTED with `{ reason }`, by an admin other than the creator (403 FOUR_EYES). */
  @Post(':id/reject')
  @Roles('admin')
  @HttpCode(200)
  reject(@Param('id', ParseUUIDPipe) id: string, @Body() body: RejectGrantDto, @CurrentActor() actor: Actor) {
    return this.grants.reject(id, body, actor);
  }

  /**
   * Records a payment `{ source, amountFen, voucherNo, paidOn }` against an APPROVED grant's component.
   * 409 OVER_DISBURSEMENT beyond the component's amount, 409 DUPLICATE_VOUCHER for a voucher already recorded;
   * the grant becomes DISBURSED once every component is paid in full.
   */
  @Post(':id/disbursements')
  @Roles('finance')
  disburse(@Param('id', ParseUUIDPipe) id: string, @Body() body: CreateDisbursementDto, @CurrentActor() actor: Actor) {
    return this.grants.disburse(id, body, actor);
  }
}
