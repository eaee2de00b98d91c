import { Controller, Get, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { Body } from '../infra/http/route-decorators';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/roles.decorator';
import { ApiCreated, ApiErrors, ApiOk, ApiPage } from '../infra/http/api-docs';
import { CreateUserDto, UpdateUserDto, UserQuery } from './dto/create-user.dto';
import { UserView } from './user.view';
import { UsersService } from './users.service';

@ApiTags('users')
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Post()
  @Roles('admin')
  @ApiOperation({
    summary: '创建用户',
    description: 'role ∈ admin, operator, finance, auditor; an operator requires `institutionId`, other roles refuse one (422).',
  })
  @ApiCreated(UserView)
  @ApiErrors({ 409: ['USERNAME_TAKEN'] })
  create(@Body() body: CreateUserDto) {
    return this.users.create(body);
  }

  @Get()
  @Roles('admin')
  @ApiOperation({ summary: '用户列表', description: 'Filters `role`, `institutionId`; oldest first.' })
  @ApiPage(UserView)
  list(@Query() query: UserQuery) {
    return this.users.list(query);
  }

  @Patch(':id')
  @Roles('admin')
  @ApiOperation({
    summary: '停用/启用用户或重设密码',
    description:
      "`{ active?, password? }`: a deactivated user's or an old password's tokens stop working on the next request. " +
      'The last active admin cannot be deactivated (409 LAST_ADMIN).',
  })
  @ApiOk(UserView)
  @ApiErrors({ 409: ['LAST_ADMIN'] })
  update(@Param('id', ParseUUIDPipe) id: string, @Body() body: UpdateUserDto) {
    return this.users.update(id, body);
  }
}
