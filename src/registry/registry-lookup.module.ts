import { Module } from '@nestjs/common';
import { InstitutionLookup } from './institution-lookup.repository';

/** The registry's answers about one institution for other modules (InstitutionLookup); needs only the database. */
@Module({ providers: [InstitutionLookup], exports: [InstitutionLookup] })
export class RegistryLookupModule {}
