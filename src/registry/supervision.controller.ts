import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '../auth/current-actor.decorator';
import { ANY_ROLE, Roles } from '../auth/roles.decorator';
import type { Actor } from '../common/request-context';
import { CreateCreditRatingDto, CreateInspectionDto, SupervisionQuery } from './dto/supervision.dto';
import { SupervisionService } from './supervision.service';

/** Supervision records of an institution: admins write; admin, finance and auditor read all; operators read their own. */
@ApiTags('institutions')
@ApiBearerAuth()
@Controller('institutions/:id')
export class SupervisionController {
  constructor(private readonly supervision: SupervisionService) {}

  /** Records an inspection: kind SAFETY | FIRE | HYGIENE | SERVICE, inspectedOn, result PASSED | RECTIFICATION_REQUIRED | FAILED, findings. */
  @Post('inspections')
  @Roles('admin')
  addInspection(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() body: CreateInspectionDto) {
    return this.supervision.addInspection(actor, id, body);
  }

  /** Inspections, newest first. */
  @Get('inspections')
  @Roles(...ANY_ROLE)
  listInspections(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Query() query: SupervisionQuery) {
    return this.supervision.listInspections(actor, id, query);
  }

  /** Records a credit rating (A–D); the institution's creditRating becomes the most recent one by ratedOn. */
  @Post('credit-ratings')
  @Roles('admin')
  addCreditRating(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() body: CreateCreditRatingDto) {
    return this.supervision.addCreditRating(actor, id, body);
  }

  /** Credit ratings, newest first. */
  @Get('credit-ratings')
  @Roles(...ANY_ROLE)
  listCreditRatings(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Query() query: SupervisionQuery) {
    return this.supervision.listCreditRatings(actor, id, query);
  }
}
