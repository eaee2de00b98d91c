import { Controller, Get, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { Body, HttpCode } from '../infra/http/route-decorators';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '../auth/current-actor.decorator';
import { ANY_ROLE, Roles } from '../auth/roles.decorator';
import type { Actor } from '../common/request-context';
import { ApiErrors, ApiOk } from '../infra/http/api-docs';
import { NoIdempotencyKey } from '../infra/http/idempotency.interceptor';
import { ChildView, RevealedIdNumberView } from './child.view';
import { ChildrenService } from './children.service';
import { ChildLookupDto, CorrectBirthOrderDto, CorrectNameDto, RevealIdNumberQuery } from './dto/children.dto';

@ApiTags('children')
@Controller('children')
export class ChildrenController {
  constructor(private readonly children: ChildrenService) {}

  @Post('lookup')
  @HttpCode(200)
  @Roles('admin')
  @NoIdempotencyKey()
  @ApiOperation({
    summary: '按身份证号查找儿童',
    description:
      'Finds the child a parent names by resident ID number `{ idNumber }`, sent in the body so it never appears in a URL or ' +
      'log. Answers the child masked, with its `id` (use GET /children/{id}); 404 when no child has that number, 422 ' +
      'ID_NUMBER_INVALID when the number is malformed. Every look-up is audited (CHILD_LOOKED_UP, without the number).',
  })
  @ApiOk(ChildView)
  @ApiErrors({ 404: ['NOT_FOUND'] })
  lookup(@CurrentActor() actor: Actor, @Body() body: ChildLookupDto) {
    return this.children.lookup(actor, body.idNumber);
  }

  @Get(':id')
  @Roles(...ANY_ROLE)
  @ApiOperation({
    summary: '儿童信息（脱敏）',
    description: 'A child with masked ID number and name, and the rosters listing them. Operators: only children on their own rosters.',
  })
  @ApiOk(ChildView)
  get(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string) {
    return this.children.get(actor, id);
  }

  @Patch(':id/birth-order')
  @Roles('admin')
  @ApiOperation({
    summary: '更正已确认的孩次',
    description: "Corrects the child's confirmed birth order (孩次); `reason` is kept in the audit log.",
  })
  @ApiOk(ChildView)
  correctBirthOrder(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() body: CorrectBirthOrderDto) {
    return this.children.correctBirthOrder(actor, id, body);
  }

  @Patch(':id/name')
  @Roles('admin')
  @ApiOperation({
    summary: '更正儿童姓名',
    description:
      "Corrects the child's registered name (rosters never change it: the name is set when the child is first registered). " +
      '`reason` is kept in the audit log with the masked name before and after.',
  })
  @ApiOk(ChildView)
  correctName(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() body: CorrectNameDto) {
    return this.children.correctName(actor, id, body);
  }

  @Get(':id/id-number')
  @Roles('admin')
  @ApiOperation({
    summary: '查看完整身份证号',
    description: 'Reveals the full resident ID number. Admin only, with a stated `reason`; every reveal is audited.',
  })
  @ApiOk(RevealedIdNumberView)
  revealIdNumber(@Param('id', ParseUUIDPipe) id: string, @Query() query: RevealIdNumberQuery) {
    return this.children.revealIdNumber(id, query.reason);
  }
}
