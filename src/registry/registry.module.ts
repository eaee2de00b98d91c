import { Module } from '@nestjs/common';
import { EligibilityRepository } from './eligibility.repository';

@Module({
  providers: [EligibilityRepository],
  exports: [EligibilityRepository],
})
export class RegistryModule {}
