import { Controller, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { Body, HttpCode } from '../infra/http/route-decorators';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '../auth/current-actor.decorator';
import { ANY_ROLE, Roles } from '../auth/roles.decorator';
import type { Actor } from '../common/request-context';
import { ApiCreated, ApiErrors, ApiOk, ApiOkArray, ApiPage } from '../infra/http/api-docs';
import { CaregiverRatioPolicyService } from './caregiver-ratio-policy.service';
import { CreateCaregiverRatioPolicyDto, CreateStaffDto, EndStaffDto, StaffAttentionQuery, StaffListQuery } from './dto/staff.dto';
import { StaffService } from './staff.service';
import { CaregiverRatioPolicyView, StaffAttentionView, StaffView } from './staff.view';

/** The staff register (从业人员) and the caregiver ratios; see docs/filing-materials.md. */
@ApiTags('staff')
@Controller()
export class StaffController {
  constructor(
    private readonly staff: StaffService,
    private readonly ratios: CaregiverRatioPolicyService,
  ) {}

  @Post('institutions/:id/staff')
  @Roles('admin', 'operator')
  @ApiOperation({
    summary: '登记从业人员',
    description:
      "Adds a person to the institution's staff register; ID number and name stored encrypted, answered masked. CAREGIVER needs qualificationNo. The same person active at another institution during the period → 409 STAFF_ACTIVE_ELSEWHERE (an operator is not told which); already registered here for an overlapping period → 409 STAFF_EXISTS.",
  })
  @ApiCreated(StaffView)
  @ApiErrors({ 409: ['STAFF_ACTIVE_ELSEWHERE', 'STAFF_EXISTS'], 422: ['ID_NUMBER_INVALID'] })
  create(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() body: CreateStaffDto) {
    return this.staff.create(actor, id, body);
  }

  @Get('institutions/:id/staff')
  @Roles(...ANY_ROLE)
  @ApiOperation({
    summary: '机构从业人员名册',
    description: 'The register, masked; `active=true` only those working today, `active=false` those who left.',
  })
  @ApiPage(StaffView)
  list(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Query() query: StaffListQuery) {
    return this.staff.list(actor, id, query);
  }

  @Get('staff/attention')
  @Roles('admin', 'auditor')
  @ApiOperation({
    summary: '需关注的从业人员',
    description:
      'Health bureau worklist: working staff whose health certificate expires within `withinDays` (default 30) or has expired, or without a no-criminal-record check; each with its reasons. Closed institutions are left out.',
  })
  @ApiPage(StaffAttentionView)
  attention(@Query() query: StaffAttentionQuery) {
    return this.staff.attention(query);
  }

  @Post('staff/:id/end')
  @HttpCode(200)
  @Roles('admin', 'operator')
  @ApiOperation({ summary: '登记离职', description: '`{ endedOn }`, not before the start date; already ended → 409 STAFF_ALREADY_ENDED.' })
  @ApiOk(StaffView)
  @ApiErrors({ 409: ['STAFF_ALREADY_ENDED'] })
  end(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() body: EndStaffDto) {
    return this.staff.end(actor, id, body);
  }

  @Get('caregiver-ratio-policies')
  @Roles(...ANY_ROLE)
  @ApiOperation({ summary: '保育人员配比版本', description: 'Children per caregiver by age band, versions newest first.' })
  @ApiOkArray(CaregiverRatioPolicyView)
  ratioPolicies() {
    return this.ratios.list();
  }

  @Post('caregiver-ratio-policies')
  @Roles('admin')
  @ApiOperation({
    summary: '新增保育人员配比版本',
    description: 'A version in force from `effectiveFrom` until a later one; 409 POLICY_EXISTS when that month has one.',
  })
  @ApiCreated(CaregiverRatioPolicyView)
  @ApiErrors({ 409: ['POLICY_EXISTS'] })
  createRatioPolicy(@CurrentActor() actor: Actor, @Body() body: CreateCaregiverRatioPolicyDto) {
    return this.ratios.create(body, actor.id);
  }
}
