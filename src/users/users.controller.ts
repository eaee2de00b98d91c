import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/roles.decorator';
import { CreateUserDto, UpdateUserDto, UserQuery } from './dto/create-user.dto';
import { UsersService } from './users.service';

@ApiTags('users')
@ApiBearerAuth()
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Post()
  @Roles('admin')
  create(@Body() body: CreateUserDto) {
    return this.users.create(body);
  }

  @Get()
  @Roles('admin')
  list(@Query() query: UserQuery) {
    return this.users.list(query);
  }

  /** `{ active?, password? }`: a deactivated user's or an old password's tokens stop working on the next request. */
  @Patch(':id')
  @Roles('admin')
  update(@Param('id', ParseUUIDPipe) id: string, @Body() body: UpdateUserDto) {
    return this.users.update(id, body);
  }
}
