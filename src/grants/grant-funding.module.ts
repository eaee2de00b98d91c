import { Module } from '@nestjs/common';
import { GrantFunding } from './grant-funding.repository';

/** A year's grants per funding source, for finance (GrantFunding); needs only the database. */
@Module({ providers: [GrantFunding], exports: [GrantFunding] })
export class GrantFundingModule {}
