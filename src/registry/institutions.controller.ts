import { Controller, Get, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { Body, HttpCode } from '../infra/http/route-decorators';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '../auth/current-actor.decorator';
import { ANY_ROLE, Roles } from '../auth/roles.decorator';
import type { Actor } from '../common/request-context';
import { ApiCreated, ApiErrors, ApiOk, ApiPage } from '../infra/http/api-docs';
import { ApproveDto, CloseDto, InclusiveDto, MonthQuery, ReasonDto, ReturnFilingDto } from './dto/filing.dto';
import { CreateInstitutionDto, InstitutionQuery, UpdateInstitutionDto } from './dto/institution.dto';
import { FilingService } from './filing.service';
import { EligibilityView, InstitutionHistoryView, InstitutionView } from './institution.view';
import { InstitutionsService } from './institutions.service';

/**
 * Institutions and their filing (备案) workflow: DRAFT → SUBMITTED → FILED / RETURNED (resubmit) → SUSPENDED ⇄ FILED → CLOSED.
 * Illegal transitions answer 409 INVALID_STATE_TRANSITION naming the current state.
 */
@ApiTags('institutions')
@Controller('institutions')
export class InstitutionsController {
  constructor(
    private readonly institutions: InstitutionsService,
    private readonly filing: FilingService,
  ) {}

  @Post()
  @Roles('admin')
  @ApiOperation({
    summary: '登记机构（草稿）',
    description:
      'Registers an institution in status DRAFT. Invalid credit code → 422 CREDIT_CODE_INVALID; already registered → 409 CREDIT_CODE_TAKEN.',
  })
  @ApiCreated(InstitutionView)
  @ApiErrors({ 409: ['CREDIT_CODE_TAKEN'], 422: ['CREDIT_CODE_INVALID'] })
  create(@CurrentActor() actor: Actor, @Body() body: CreateInstitutionDto) {
    return this.institutions.create(actor, body);
  }

  @Get()
  @Roles(...ANY_ROLE)
  @ApiOperation({
    summary: '机构列表',
    description: 'Staff see all institutions, operators only their own. Filters: status, kind, township, q (name).',
  })
  @ApiPage(InstitutionView)
  list(@CurrentActor() actor: Actor, @Query() query: InstitutionQuery) {
    return this.institutions.list(actor, query);
  }

  @Get(':id')
  @Roles(...ANY_ROLE)
  @ApiOperation({ summary: '机构详情', description: 'One institution, with the inclusive designation in force this month.' })
  @ApiOk(InstitutionView)
  get(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string) {
    return this.institutions.get(actor, id);
  }

  @Patch(':id')
  @Roles('admin', 'operator')
  @ApiOperation({
    summary: '修改备案信息',
    description:
      'Edits the filing. Operators: own institution, while DRAFT or RETURNED (else 409 INSTITUTION_NOT_EDITABLE), only name, kind, independent, township, address, bankAccount (else 400 FIELD_NOT_ALLOWED). Admins: also creditCode, districtLevel, approvedSlots, in any state. status, filingNumber and the inclusive fields change only through the workflow endpoints (400 FIELD_NOT_ALLOWED).',
  })
  @ApiOk(InstitutionView)
  @ApiErrors({ 400: ['FIELD_NOT_ALLOWED'], 409: ['INSTITUTION_NOT_EDITABLE', 'CREDIT_CODE_TAKEN'], 422: ['CREDIT_CODE_INVALID'] })
  update(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() body: UpdateInstitutionDto) {
    return this.institutions.update(actor, id, body);
  }

  @Get(':id/history')
  @Roles(...ANY_ROLE)
  @ApiOperation({
    summary: '机构状态与普惠认定历史',
    description: 'Status changes (with reasons) and inclusive designations, oldest first.',
  })
  @ApiOk(InstitutionHistoryView)
  history(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string) {
    return this.institutions.history(actor, id);
  }

  @Get(':id/eligibility')
  @Roles(...ANY_ROLE)
  @ApiOperation({
    summary: '某月备案与普惠资格',
    description: 'Was the institution filed and inclusive during `month`, at what guidance price — from the stored history.',
  })
  @ApiOk(EligibilityView)
  eligibility(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Query() query: MonthQuery) {
    return this.institutions.eligibilityFor(actor, id, query.month);
  }

  @Post(':id/submit')
  @HttpCode(200)
  @Roles('admin', 'operator')
  @ApiOperation({
    summary: '提交备案',
    description:
      'DRAFT / RETURNED → SUBMITTED. The filing must name township, address and bank account and have a current document of every required kind (FOOD_LICENSE only when servesMeals) — else 422 FILING_INCOMPLETE, one detail per gap (missing kinds: field `documents`, named in Chinese).',
  })
  @ApiOk(InstitutionView)
  @ApiErrors({ 409: ['INVALID_STATE_TRANSITION'], 422: ['FILING_INCOMPLETE'] })
  submit(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string) {
    return this.filing.transition(actor, id, 'submit');
  }

  @Post(':id/approve')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({
    summary: '备案通过',
    description:
      'SUBMITTED → FILED; assigns the filing number 茌托备〔year〕NNNN号 (year of the approval). Optional `{ approvedSlots }` (核定托位数) and `{ filedOn: "YYYY-MM-DD" }`: historic filing date for paper filings, not in the future, dated 00:00 Asia/Shanghai; 409 MONTH_LOCKED when it falls in or before a settled (APPROVED/PAID) month.',
  })
  @ApiOk(InstitutionView)
  @ApiErrors({ 409: ['INVALID_STATE_TRANSITION', 'MONTH_LOCKED'] })
  approve(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() body: ApproveDto) {
    return this.filing.transition(actor, id, 'approve', body);
  }

  @Post(':id/return')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({
    summary: '退回备案',
    description:
      'SUBMITTED → RETURNED with `{ reason, documents?: [{ documentId, reason }] }`: the reason per current document that must be replaced (shown as its returnReason; 422 when an id is not a current document of the institution). The operator may edit and resubmit.',
  })
  @ApiOk(InstitutionView)
  @ApiErrors({ 409: ['INVALID_STATE_TRANSITION'] })
  return(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() body: ReturnFilingDto) {
    return this.filing.transition(actor, id, 'return', body);
  }

  @Post(':id/suspend')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({ summary: '暂停机构', description: 'FILED → SUSPENDED with `{ reason }`.' })
  @ApiOk(InstitutionView)
  @ApiErrors({ 409: ['INVALID_STATE_TRANSITION'] })
  suspend(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() body: ReasonDto) {
    return this.filing.transition(actor, id, 'suspend', body);
  }

  @Post(':id/reinstate')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({ summary: '恢复机构', description: 'SUSPENDED → FILED with `{ reason }`.' })
  @ApiOk(InstitutionView)
  @ApiErrors({ 409: ['INVALID_STATE_TRANSITION'] })
  reinstate(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() body: ReasonDto) {
    return this.filing.transition(actor, id, 'reinstate', body);
  }

  @Post(':id/close')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({
    summary: '关停机构',
    description: 'FILED / SUSPENDED → CLOSED (关停) with `{ reason, childrenArrangement }` (what happens to the enrolled children).',
  })
  @ApiOk(InstitutionView)
  @ApiErrors({ 409: ['INVALID_STATE_TRANSITION'] })
  close(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() body: CloseDto) {
    return this.filing.transition(actor, id, 'close', body);
  }

  @Post(':id/inclusive')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({
    summary: '普惠认定或终止',
    description:
      'Inclusive designation (普惠): `{ guidancePriceFen, effectiveFrom: "YYYY-MM" }` designates a FILED institution from that month on (else 409 INSTITUTION_NOT_FILED); `{ inclusive: false, effectiveFrom }` ends it from that month on. One designation per month: posting the same month again replaces it. 409 MONTH_LOCKED when the change would alter a month whose settlement is APPROVED or PAID and in which the institution was filed.',
  })
  @ApiOk(InstitutionView)
  @ApiErrors({ 409: ['INSTITUTION_NOT_FILED', 'MONTH_LOCKED', 'NOT_INCLUSIVE'] })
  inclusive(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() body: InclusiveDto) {
    return this.filing.designate(actor, id, body);
  }
}
