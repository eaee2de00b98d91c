import { Module } from '@nestjs/common';
import { RegistryModule } from '../registry/registry.module';
import { StatsController } from './stats.controller';
import { StatsRepository } from './stats.repository';
import { StatsService } from './stats.service';

/** Planning statistics over the registry (capacity against the slots-per-1,000 target). */
@Module({
  imports: [RegistryModule],
  controllers: [StatsController],
  providers: [StatsService, StatsRepository],
})
export class StatsModule {}
