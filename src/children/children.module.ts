import { Module } from '@nestjs/common';
import { ChildrenController } from './children.controller';
import { ChildrenRepository } from './children.repository';
import { ChildrenService } from './children.service';

/** The children registry: one row per person, ID and name encrypted, masked in every answer. */
@Module({
  controllers: [ChildrenController],
  providers: [ChildrenService, ChildrenRepository],
  exports: [ChildrenRepository],
})
export class ChildrenModule {}
