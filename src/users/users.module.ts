import { Module } from '@nestjs/common';
import { RegistryLookupModule } from '../registry/registry-lookup.module';
import { BootstrapAdmin } from './bootstrap-admin';
import { UsersController } from './users.controller';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';

/** Users and their roles; signing in (src/auth) asks UsersService for the user. */
@Module({
  imports: [RegistryLookupModule],
  controllers: [UsersController],
  providers: [UsersService, UsersRepository, BootstrapAdmin],
  exports: [UsersService],
})
export class UsersModule {}
