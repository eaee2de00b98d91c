/**
 * Names the console's pages use for the answers of the API, each the generated type of the OpenAPI document
 * (./schema, `npm run gen:api`): nothing here is written by hand.
 */
import type { components } from './schema';

type Schemas = components['schemas'];

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export type Institution = Schemas['InstitutionView'];
export type InstitutionHistory = Schemas['InstitutionHistoryView'];
export type Inspection = Schemas['InspectionView'];
export type CreditRating = Schemas['CreditRatingView'];
export type Township = Schemas['TownshipView'];
export type PublicInstitution = Schemas['PublicInstitutionView'];
export type RosterListItem = Schemas['RosterListItem'];
export type RosterEntry = Schemas['RosterEntryView'];
export type RosterSummary = Schemas['RosterSummaryView'];
export type Roster = Schemas['RosterView'];
export type SettlementPart = Schemas['InstitutionPartView'];
export type Settlement = Schemas['SettlementView'];
export type SettlementLine = Schemas['SettlementLineView'];
export type InstitutionPayment = Schemas['InstitutionPaymentStatusView'];
