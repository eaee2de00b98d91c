import { Module } from '@nestjs/common';
import { BootstrapAdmin } from './bootstrap-admin';
import { UsersController } from './users.controller';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';

/** Users and their roles; signing in (src/auth) asks UsersService for the user. */
@Module({
  controllers: [UsersController],
  providers: [UsersService, UsersRepository, BootstrapAdmin],
  exports: [UsersService],
})
export class UsersModule {}
