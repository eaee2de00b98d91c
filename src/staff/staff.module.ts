import { Module } from '@nestjs/common';
import { CaregiverRatioPoliciesRepository } from './caregiver-ratio-policies.repository';
import { CaregiverRatioPolicyService } from './caregiver-ratio-policy.service';
import { StaffController } from './staff.controller';
import { StaffRepository } from './staff.repository';
import { StaffService } from './staff.service';

/** The staff register (从业人员) and the caregiver-to-child ratio policy. */
@Module({
  controllers: [StaffController],
  providers: [StaffService, CaregiverRatioPolicyService, StaffRepository, CaregiverRatioPoliciesRepository],
  exports: [StaffService, CaregiverRatioPolicyService],
})
export class StaffModule {}
