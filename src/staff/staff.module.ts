import { Module } from '@nestjs/common';
import { CaregiverRatioPolicyService } from './caregiver-ratio-policy.service';
import { StaffController } from './staff.controller';
import { StaffService } from './staff.service';

/** The staff register (从业人员) and the caregiver-to-child ratio policy. */
@Module({
  controllers: [StaffController],
  providers: [StaffService, CaregiverRatioPolicyService],
  exports: [StaffService, CaregiverRatioPolicyService],
})
export class StaffModule {}
