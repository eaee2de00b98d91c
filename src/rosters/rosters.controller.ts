import { IdempotencyInterceptor } from '../infra/http/idempotency.interceptor';
import {
  Controller,
  Get,
  Inject,
  Param,
  ParseUUIDPipe,
  Post,
  Put,
  Query,
  StreamableFile,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { Body, HttpCode } from '../infra/http/route-decorators';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBody, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '../auth/current-actor.decorator';
import { ANY_ROLE, Roles } from '../auth/roles.decorator';
import type { Actor } from '../common/request-context';
import { ApiCreated, ApiErrors, ApiFile, ApiOk, ApiPage } from '../infra/http/api-docs';
import { APP_CONFIG, AppConfig } from '../infra/config/app-config';
import { contentDisposition } from '../finance/export-layout';
import { rosterTemplate } from './roster-template';
import {
  CreateRosterDto,
  ImportRosterQuery,
  ReasonDto,
  ReplaceEntriesDto,
  ReportingStatusQuery,
  RosterListQuery,
  RosterWorklistQuery,
} from './dto/roster.dto';
import { ReportingStatusView } from './reporting-status.view';
import { RosterListItem, RosterView } from './roster.view';
import { RostersService, UploadedRosterFile } from './rosters.service';

const FILE_BODY = {
  schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } }, required: ['file'] },
  description:
    '.xlsx or .csv (UTF-8 with or without BOM, or GBK) with header 身份证号,姓名,孩次,监护人,联系电话,入托日期,离托日期,出勤天数 ' +
    '(common synonyms such as 身份证号码, 证件号码, 监护人姓名, 家长姓名 are recognised; the header may be on any sheet, below a title). ' +
    'A header-only file → 422 EMPTY_ROSTER; an ID shown as 3.71523E+17 or ending in 000 (Excel damage) → 422 naming the row; ' +
    'an .xlsx that inflates beyond the limits (a decompression bomb) → 413 FILE_TOO_LARGE.',
};

const CLAIMS =
  ' An operator is never told whether a birth order matches the confirmed one (the entry is stored as claimed; reviewers ' +
  'see the conflict); an admin gets 422 BIRTH_ORDER_CONFLICT. An operator whose conflicting claims reached ' +
  'BIRTH_ORDER_CLAIM_MAX_CONFLICTS within the window gets 429 BIRTH_ORDER_CLAIMS_LIMITED (Retry-After) for every roster write.';
const CLAIMS_LIMITED = ['BIRTH_ORDER_CLAIMS_LIMITED'];

@ApiTags('rosters')
@Controller()
export class RostersController {
  constructor(
    private readonly rosters: RostersService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post('institutions/:id/rosters')
  @Roles('admin', 'operator')
  @ApiOperation({
    summary: '上报月度名册（JSON）',
    description:
      "Creates the month's roster (DRAFT) from JSON. Any invalid entry → 422 listing every problem; nothing is stored. " +
      'Nothing is registered in the children registry before approval.' +
      CLAIMS,
  })
  @ApiCreated(RosterView)
  @ApiErrors({ 409: ['INSTITUTION_NOT_FILED', 'MONTH_LOCKED', 'ROSTER_EXISTS'], 429: CLAIMS_LIMITED })
  create(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() body: CreateRosterDto) {
    return this.rosters.create(actor, id, body.month, RostersService.fromJson(body.entries));
  }

  @Post('institutions/:id/rosters/import')
  @Roles('admin', 'operator')
  @UseInterceptors(FileInterceptor('file'), IdempotencyInterceptor)
  @ApiConsumes('multipart/form-data')
  @ApiBody(FILE_BODY)
  @ApiOperation({
    summary: '上传月度名册文件',
    description:
      "Creates the month's roster (DRAFT) from an uploaded .xlsx or .csv (field `file`); same rules as JSON, rows numbered as in the file." +
      CLAIMS,
  })
  @ApiCreated(RosterView)
  @ApiErrors({
    409: ['INSTITUTION_NOT_FILED', 'MONTH_LOCKED', 'ROSTER_EXISTS'],
    413: ['FILE_TOO_LARGE'],
    422: ['EMPTY_ROSTER'],
    429: CLAIMS_LIMITED,
  })
  import(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Query() query: ImportRosterQuery,
    @UploadedFile() file?: UploadedRosterFile,
  ) {
    return this.rosters.importFile(actor, id, query.month, file);
  }

  @Get('institutions/:id/rosters')
  @Roles(...ANY_ROLE)
  @ApiOperation({
    summary: '机构的名册列表',
    description: 'Every roster of the institution, all versions (newest first), optionally of one `month`. Without entries.',
  })
  @ApiPage(RosterListItem)
  list(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Query() query: RosterListQuery) {
    return this.rosters.list(actor, id, query);
  }

  /** A roster with its entries (ID numbers and names masked) and the reviewer's summary. */
  @Get('rosters')
  @Roles(...ANY_ROLE)
  @ApiOperation({
    summary: '名册工作清单（全区）',
    description:
      'Rosters of every institution, without entries, newest month first and within a month the newest roster first. ' +
      'Filters `status` (e.g. SUBMITTED: waiting for review), `month`, `institutionId`. Admin, finance and auditor see all ' +
      "institutions; an operator only their own (another institution's id → 404).",
  })
  @ApiPage(RosterListItem)
  @ApiErrors({ 404: ['NOT_FOUND'] })
  worklist(@CurrentActor() actor: Actor, @Query() query: RosterWorklistQuery) {
    return this.rosters.worklist(actor, query);
  }

  @Get('reporting-status')
  @Roles('admin', 'auditor')
  @ApiOperation({
    summary: '月度名册上报情况',
    description:
      'Every institution FILED at some moment of `month` (Asia/Shanghai, as the settlement decides eligibility) with the ' +
      'status of its newest roster version for the month, or MISSING when it has none, by institution name; `counts` per ' +
      'status over all of them. Filter `rosterStatus` (MISSING: who has not reported).',
  })
  @ApiOk(ReportingStatusView)
  reportingStatus(@Query() query: ReportingStatusQuery) {
    return this.rosters.reportingStatus(query);
  }

  @Get('rosters/template')
  @Roles(...ANY_ROLE)
  @ApiOperation({
    summary: '下载名册模板',
    description:
      'The roster template (.xlsx): the columns in import order, 身份证号 and 联系电话 formatted as text, 孩次 validated 1–9, ' +
      '出勤天数 0–31, date columns formatted as dates, and an instructions sheet 填写说明.',
  })
  @ApiFile({ 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': '名册模板 .xlsx' })
  async template(): Promise<StreamableFile> {
    const file = await rosterTemplate(this.config.districtName);
    return new StreamableFile(file, {
      type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      disposition: contentDisposition({ utf8: `${this.config.districtName}托育机构花名册模板.xlsx`, ascii: 'roster-template.xlsx' }),
    });
  }

  @Get('rosters/:id')
  @Roles(...ANY_ROLE)
  @ApiOperation({ summary: '名册详情（含脱敏明细）' })
  @ApiOk(RosterView)
  get(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string) {
    return this.rosters.get(actor, id);
  }

  @Put('rosters/:id')
  @Roles('admin', 'operator')
  @ApiOperation({ summary: '替换名册明细（JSON）', description: 'Replaces all entries; only while DRAFT or RETURNED.' + CLAIMS })
  @ApiOk(RosterView)
  @ApiErrors({ 409: ['ROSTER_STATE', 'ROSTER_LOCKED'], 429: CLAIMS_LIMITED })
  replace(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() body: ReplaceEntriesDto) {
    return this.rosters.replaceEntries(actor, id, RostersService.fromJson(body.entries));
  }

  @Put('rosters/:id/import')
  @Roles('admin', 'operator')
  @UseInterceptors(FileInterceptor('file'))
  @ApiConsumes('multipart/form-data')
  @ApiBody(FILE_BODY)
  @ApiOperation({
    summary: '上传文件替换名册明细',
    description: 'Replaces all entries from an uploaded file; only while DRAFT or RETURNED.' + CLAIMS,
  })
  @ApiOk(RosterView)
  @ApiErrors({ 409: ['ROSTER_STATE', 'ROSTER_LOCKED'], 413: ['FILE_TOO_LARGE'], 422: ['EMPTY_ROSTER'], 429: CLAIMS_LIMITED })
  replaceFromFile(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @UploadedFile() file?: UploadedRosterFile) {
    return this.rosters.replaceFromFile(actor, id, file);
  }

  @Post('rosters/:id/submit')
  @HttpCode(200)
  @Roles('admin', 'operator')
  @ApiOperation({ summary: '提交名册', description: 'DRAFT or RETURNED → SUBMITTED.' })
  @ApiOk(RosterView)
  @ApiErrors({ 409: ['ROSTER_STATE', 'ROSTER_LOCKED'] })
  submit(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string) {
    return this.rosters.submit(actor, id);
  }

  @Post('rosters/:id/approve')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({
    summary: '审核通过名册',
    description:
      'SUBMITTED → APPROVED; registers the listed children not yet in the children registry, links the entries to them ' +
      "and confirms each child's birth order. 422 BIRTH_ORDER_CONFLICT when one contradicts a confirmed one (nothing is registered).",
  })
  @ApiOk(RosterView)
  @ApiErrors({ 409: ['ROSTER_STATE', 'ROSTER_LOCKED'], 422: ['BIRTH_ORDER_CONFLICT'] })
  approve(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string) {
    return this.rosters.approve(actor, id);
  }

  @Post('rosters/:id/return')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({ summary: '退回名册', description: 'SUBMITTED → RETURNED with a `reason`; the operator edits and resubmits.' })
  @ApiOk(RosterView)
  @ApiErrors({ 409: ['ROSTER_STATE', 'ROSTER_LOCKED'] })
  returnRoster(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() body: ReasonDto) {
    return this.rosters.returnRoster(actor, id, body.reason);
  }

  @Post('rosters/:id/reopen')
  @Roles('admin')
  @ApiOperation({
    summary: '更正已审核名册（新版本）',
    description: 'Opens a correction of an APPROVED or LOCKED roster: a new version in DRAFT with a copy of its entries (201).',
  })
  @ApiCreated(RosterView)
  @ApiErrors({ 409: ['ROSTER_STATE', 'CORRECTION_OPEN', 'NOT_LATEST_VERSION'] })
  reopen(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() body: ReasonDto) {
    return this.rosters.reopen(actor, id, body.reason);
  }
}
