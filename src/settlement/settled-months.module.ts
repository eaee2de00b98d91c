import { Module } from '@nestjs/common';
import { SettledMonthsRepository } from './settled-months.repository';

/** Which months are settled, and their month lock: for the modules the settlement itself depends on (no cycle). */
@Module({
  providers: [SettledMonthsRepository],
  exports: [SettledMonthsRepository],
})
export class SettledMonthsModule {}
