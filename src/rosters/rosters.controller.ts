import { IdempotencyInterceptor } from '../infra/http/idempotency.interceptor';
import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, Query, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '../auth/current-actor.decorator';
import { ANY_ROLE, Roles } from '../auth/roles.decorator';
import type { Actor } from '../common/request-context';
import { CreateRosterDto, ImportRosterQuery, ReasonDto, ReplaceEntriesDto, RosterListQuery } from './dto/roster.dto';
import { RostersService, UploadedRosterFile } from './rosters.service';

const FILE_BODY = {
  schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } }, required: ['file'] },
  description:
    '.xlsx or .csv (UTF-8 with or without BOM, or GBK) with header 身份证号,姓名,孩次,监护人,联系电话,入托日期,离托日期,出勤天数',
};

@ApiTags('rosters')
@ApiBearerAuth()
@Controller()
export class RostersController {
  constructor(private readonly rosters: RostersService) {}

  /** Creates the month's roster (DRAFT) from JSON. Any invalid entry → 422 listing every problem; nothing is stored. */
  @Post('institutions/:id/rosters')
  @Roles('admin', 'operator')
  create(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() body: CreateRosterDto) {
    return this.rosters.create(actor, id, body.month, RostersService.fromJson(body.entries));
  }

  /** Creates the month's roster (DRAFT) from an uploaded .xlsx or .csv (field `file`); same rules as JSON, rows numbered as in the file. */
  @Post('institutions/:id/rosters/import')
  @Roles('admin', 'operator')
  @UseInterceptors(FileInterceptor('file'), IdempotencyInterceptor)
  @ApiConsumes('multipart/form-data')
  @ApiBody(FILE_BODY)
  import(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Query() query: ImportRosterQuery,
    @UploadedFile() file?: UploadedRosterFile,
  ) {
    return this.rosters.importFile(actor, id, query.month, file);
  }

  /** Every roster of the institution, all versions (newest first), optionally of one `month`. Without entries. */
  @Get('institutions/:id/rosters')
  @Roles(...ANY_ROLE)
  list(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Query() query: RosterListQuery) {
    return this.rosters.list(actor, id, query);
  }

  /** A roster with its entries (ID numbers and names masked) and the reviewer's summary. */
  @Get('rosters/:id')
  @Roles(...ANY_ROLE)
  get(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string) {
    return this.rosters.get(actor, id);
  }

  /** Replaces all entries; only while DRAFT or RETURNED. */
  @Put('rosters/:id')
  @Roles('admin', 'operator')
  replace(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() body: ReplaceEntriesDto) {
    return this.rosters.replaceEntries(actor, id, RostersService.fromJson(body.entries));
  }

  /** Replaces all entries from an uploaded file; only while DRAFT or RETURNED. */
  @Put('rosters/:id/import')
  @Roles('admin', 'operator')
  @UseInterceptors(FileInterceptor('file'))
  @ApiConsumes('multipart/form-data')
  @ApiBody(FILE_BODY)
  replaceFromFile(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @UploadedFile() file?: UploadedRosterFile) {
    return this.rosters.replaceFromFile(actor, id, file);
  }

  /** DRAFT or RETURNED → SUBMITTED. */
  @Post('rosters/:id/submit')
  @HttpCode(200)
  @Roles('admin', 'operator')
  submit(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string) {
    return this.rosters.submit(actor, id);
  }

  /** SUBMITTED → APPROVED; confirms each child's birth order. 422 BIRTH_ORDER_CONFLICT when one contradicts a confirmed one. */
  @Post('rosters/:id/approve')
  @HttpCode(200)
  @Roles('admin')
  approve(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string) {
    return this.rosters.approve(actor, id);
  }

  /** SUBMITTED → RETURNED with a `reason`; the operator edits and resubmits. */
  @Post('rosters/:id/return')
  @HttpCode(200)
  @Roles('admin')
  returnRoster(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() body: ReasonDto) {
    return this.rosters.returnRoster(actor, id, body.reason);
  }

  /** Opens a correction of an APPROVED or LOCKED roster: a new version in DRAFT with a copy of its entries (201). */
  @Post('rosters/:id/reopen')
  @Roles('admin')
  reopen(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() body: ReasonDto) {
    return this.rosters.reopen(actor, id, body.reason);
  }
}
