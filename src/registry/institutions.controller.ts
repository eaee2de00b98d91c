import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '../auth/current-actor.decorator';
import { ANY_ROLE, Roles } from '../auth/roles.decorator';
import type { Actor } from '../common/request-context';
import { ApproveDto, CloseDto, InclusiveDto, MonthQuery, ReasonDto } from './dto/filing.dto';
import { CreateInstitutionDto, InstitutionQuery, UpdateInstitutionDto } from './dto/institution.dto';
import { FilingService } from './filing.service';
import { InstitutionsService } from './institutions.service';

/**
 * Institutions and their filing (备案) workflow: DRAFT → SUBMITTED → FILED / RETURNED (resubmit) → SUSPENDED ⇄ FILED → CLOSED.
 * Illegal transitions answer 409 INVALID_STATE_TRANSITION naming the current state.
 */
@ApiTags('institutions')
@ApiBearerAuth()
@Controller('institutions')
export class InstitutionsController {
  constructor(
    private readonly institutions: InstitutionsService,
    private readonly filing: FilingService,
  ) {}

  /** Registers an institution in status DRAFT. Invalid credit code → 422 CREDIT_CODE_INVALID; already registered → 409 CREDIT_CODE_TAKEN. */
  @Post()
  @Roles('admin')
  create(@CurrentActor() actor: Actor, @Body() body: CreateInstitutionDto) {
    return this.institutions.create(actor, body);
  }

  /** Staff see all institutions, operators only their own. Filters: status, kind, township, q (name). */
  @Get()
  @Roles(...ANY_ROLE)
  list(@CurrentActor() actor: Actor, @Query() query: InstitutionQuery) {
    return this.institutions.list(actor, query);
  }

  /** One institution, with the inclusive designation in force this month. */
  @Get(':id')
  @Roles(...ANY_ROLE)
  get(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string) {
    return this.institutions.get(actor, id);
  }

  /**
   * Edits the filing. Operators: own institution, while DRAFT or RETURNED (else 409 INSTITUTION_NOT_EDITABLE), only
   * name, kind, independent, township, address, bankAccount (else 400 FIELD_NOT_ALLOWED). Admins: also creditCode,
   * districtLevel, approvedSlots, in any state. status, filingNumber and the inclusive fields change only through the
   * workflow endpoints (400 FIELD_NOT_ALLOWED).
   */
  @Patch(':id')
  @Roles('admin', 'operator')
  update(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() body: UpdateInstitutionDto) {
    return this.institutions.update(actor, id, body);
  }

  /** Status changes (with reasons) and inclusive designations, oldest first. */
  @Get(':id/history')
  @Roles(...ANY_ROLE)
  history(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string) {
    return this.institutions.history(actor, id);
  }

  /** Was the institution filed and inclusive during `month`, at what guidance price — from the stored history. */
  @Get(':id/eligibility')
  @Roles(...ANY_ROLE)
  eligibility(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Query() query: MonthQuery) {
    return this.institutions.eligibilityFor(actor, id, query.month);
  }

  /** DRAFT / RETURNED → SUBMITTED. The filing must name township, address and bank account (else 422 FILING_INCOMPLETE). */
  @Post(':id/submit')
  @HttpCode(200)
  @Roles('admin', 'operator')
  submit(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string) {
    return this.filing.transition(actor, id, 'submit');
  }

  /**
   * SUBMITTED → FILED; assigns the filing number 茌托备〔year〕NNNN号 (year of the approval). Optional
   * `{ approvedSlots }` (核定托位数) and `{ filedOn: "YYYY-MM-DD" }`: historic filing date for paper filings, not in the
   * future, dated 00:00 Asia/Shanghai; 409 MONTH_LOCKED when it falls in or before a settled (APPROVED/PAID) month.
   */
  @Post(':id/approve')
  @HttpCode(200)
  @Roles('admin')
  approve(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() body: ApproveDto) {
    return this.filing.transition(actor, id, 'approve', body);
  }

  /** SUBMITTED → RETURNED with `{ reason }`; the operator may edit and resubmit. */
  @Post(':id/return')
  @HttpCode(200)
  @Roles('admin')
  return(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() body: ReasonDto) {
    return this.filing.transition(actor, id, 'return', body);
  }

  /** FILED → SUSPENDED with `{ reason }`. */
  @Post(':id/suspend')
  @HttpCode(200)
  @Roles('admin')
  suspend(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() body: ReasonDto) {
    return this.filing.transition(actor, id, 'suspend', body);
  }

  /** SUSPENDED → FILED with `{ reason }`. */
  @Post(':id/reinstate')
  @HttpCode(200)
  @Roles('admin')
  reinstate(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() body: ReasonDto) {
    return this.filing.transition(actor, id, 'reinstate', body);
  }

  /** FILED / SUSPENDED → CLOSED (关停) with `{ reason, childrenArrangement }` (what happens to the enrolled children). */
  @Post(':id/close')
  @HttpCode(200)
  @Roles('admin')
  close(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() body: CloseDto) {
    return this.filing.transition(actor, id, 'close', body);
  }

  /**
   * Inclusive designation (普惠): `{ guidancePriceFen, effectiveFrom: "YYYY-MM" }` designates a FILED institution from
   * that month on (else 409 INSTITUTION_NOT_FILED); `{ inclusive: false, effectiveFrom }` ends it from that month on.
   * One designation per month: posting the same month again replaces it. 409 MONTH_LOCKED when the change would
   * alter a month whose settlement is APPROVED or PAID and in which the institution was filed.
   */
  @Post(':id/inclusive')
  @HttpCode(200)
  @Roles('admin')
  inclusive(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() body: InclusiveDto) {
    return this.filing.designate(actor, id, body);
  }
}
