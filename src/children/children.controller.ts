import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '../auth/current-actor.decorator';
import { ANY_ROLE, Roles } from '../auth/roles.decorator';
import type { Actor } from '../common/request-context';
import { ChildrenService } from './children.service';
import { CorrectBirthOrderDto, CorrectNameDto, RevealIdNumberQuery } from './dto/children.dto';

@ApiTags('children')
@ApiBearerAuth()
@Controller('children')
export class ChildrenController {
  constructor(private readonly children: ChildrenService) {}

  /** A child with masked ID number and name, and the rosters listing them. Operators: only children on their own rosters. */
  @Get(':id')
  @Roles(...ANY_ROLE)
  get(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string) {
    return this.children.get(actor, id);
  }

  /** Corrects the child's confirmed birth order (孩次); `reason` is kept in the audit log. */
  @Patch(':id/birth-order')
  @Roles('admin')
  correctBirthOrder(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() body: CorrectBirthOrderDto) {
    return this.children.correctBirthOrder(actor, id, body);
  }

  /**
   * Corrects the child's registered name (rosters never change it: the name is set when the child is first
   * registered). `reason` is kept in the audit log with the masked name before and after.
   */
  @Patch(':id/name')
  @Roles('admin')
  correctName(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() body: CorrectNameDto) {
    return this.children.correctName(actor, id, body);
  }

  /** Reveals the full resident ID number. Admin only, with a stated `reason`; every reveal is audited. */
  @Get(':id/id-number')
  @Roles('admin')
  revealIdNumber(@Param('id', ParseUUIDPipe) id: string, @Query() query: RevealIdNumberQuery) {
    return this.children.revealIdNumber(id, query.reason);
  }
}
