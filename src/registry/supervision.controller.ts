import { Controller, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { Body } from '../infra/http/route-decorators';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '../auth/current-actor.decorator';
import { ANY_ROLE, Roles } from '../auth/roles.decorator';
import type { Actor } from '../common/request-context';
import { ApiCreated, ApiPage } from '../infra/http/api-docs';
import { CreateCreditRatingDto, CreateInspectionDto, SupervisionQuery } from './dto/supervision.dto';
import { CreditRatingView, InspectionView } from './institution.view';
import { SupervisionService } from './supervision.service';

/** Supervision records of an institution: admins write; admin, finance and auditor read all; operators read their own. */
@ApiTags('institutions')
@Controller('institutions/:id')
export class SupervisionController {
  constructor(private readonly supervision: SupervisionService) {}

  @Post('inspections')
  @Roles('admin')
  @ApiOperation({
    summary: '记录检查',
    description:
      'Records an inspection: kind SAFETY | FIRE | HYGIENE | SERVICE, inspectedOn, result PASSED | RECTIFICATION_REQUIRED | FAILED, findings.',
  })
  @ApiCreated(InspectionView)
  addInspection(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() body: CreateInspectionDto) {
    return this.supervision.addInspection(actor, id, body);
  }

  @Get('inspections')
  @Roles(...ANY_ROLE)
  @ApiOperation({ summary: '检查记录', description: 'Inspections, newest first.' })
  @ApiPage(InspectionView)
  listInspections(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Query() query: SupervisionQuery) {
    return this.supervision.listInspections(actor, id, query);
  }

  @Post('credit-ratings')
  @Roles('admin')
  @ApiOperation({
    summary: '记录信用评级',
    description: "Records a credit rating (A–D); the institution's creditRating becomes the most recent one by ratedOn.",
  })
  @ApiCreated(CreditRatingView)
  addCreditRating(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() body: CreateCreditRatingDto) {
    return this.supervision.addCreditRating(actor, id, body);
  }

  @Get('credit-ratings')
  @Roles(...ANY_ROLE)
  @ApiOperation({ summary: '信用评级记录', description: 'Credit ratings, newest first.' })
  @ApiPage(CreditRatingView)
  listCreditRatings(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Query() query: SupervisionQuery) {
    return this.supervision.listCreditRatings(actor, id, query);
  }
}
