import { Module } from '@nestjs/common';
import { UserDirectory } from './user-directory.repository';

/** Usernames for other modules (UserDirectory); needs only the database. */
@Module({ providers: [UserDirectory], exports: [UserDirectory] })
export class UserDirectoryModule {}
