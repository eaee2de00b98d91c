/**
 * TEMPORARY — answer types the server's OpenAPI document does not describe yet (its operations have no response
 * schemas). Written from the server's views (src/**\/*.view.ts, the services' return values). When the contract
 * gains response schemas, replace each with `components['schemas'][…]` from ./schema and delete this file;
 * `call<T>()` then infers the types by itself.
 */
export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export interface Institution {
  id: string;
  name: string;
  creditCode: string;
  kind: string;
  independent: boolean;
  servesMeals: boolean;
  districtLevel: boolean;
  township: string | null;
  address: string | null;
  approvedSlots: number;
  status: string;
  statusReason: string | null;
  filingNumber: string | null;
  filedAt: string | null;
  inclusive: boolean;
  guidancePriceFen: number | null;
  inclusiveFrom: string | null;
  guidancePriceFrom: string | null;
  bankAccount: { bankName: string | null; accountName: string | null; accountNumber: string | null };
  creditRating: string | null;
  closureChildrenNote: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface InstitutionHistory {
  statusChanges: { fromStatus: string | null; toStatus: string; reason: string | null; at: string; actorId: string | null }[];
  designations: { effectiveFrom: string; inclusive: boolean; guidancePriceFen: number | null; createdAt: string; actorId: string | null }[];
}

export interface Inspection {
  id: string;
  kind: string;
  inspectedOn: string;
  result: string;
  findings: string | null;
  createdAt: string;
}

export interface CreditRating {
  id: string;
  rating: string;
  ratedOn: string;
  note: string | null;
  createdAt: string;
}

export interface Township {
  code: string;
  name: string;
}

export interface PublicInstitution {
  name: string;
  kind: string;
  address: string | null;
  township: string | null;
  approvedSlots: number;
  inclusive: boolean;
  guidancePriceFen: number | null;
  filingNumber: string | null;
  creditRating: string | null;
}

export interface RosterHeader {
  id: string;
  institutionId: string;
  month: string;
  version: number;
  status: string;
  returnReason: string | null;
  createdAt: string;
  updatedAt: string;
  submittedAt: string | null;
  reviewedAt: string | null;
  lockedAt: string | null;
}

export type RosterListItem = RosterHeader & { entryCount: number };

export interface RosterEntry {
  rowIndex: number;
  /** set when the roster is approved */
  childId: string | null;
  idNumber: string;
  name: string;
  birthOrder: number;
  confirmedBirthOrder: number | null;
  guardianName: string;
  guardianPhone: string | null;
  enrolledOn: string;
  withdrawnOn: string | null;
  attendanceDays: number;
}

export interface RosterSummary {
  entryCount: number;
  byBirthOrder: { first: number; second: number; thirdOrLater: number };
  overThree: number;
  /** null in an operator's answer */
  alsoListedElsewhere: number | null;
  /** null in an operator's answer */
  birthOrderConflicts: number | null;
  changesSinceLastMonth: { previousRosterId: string; joined: number; left: number } | null;
  caregiverRatio: {
    bands: { band: string; children: number; childrenPerCaregiver: number; caregiversRequired: number }[];
    caregiversRequired: number;
    caregiversActive: number;
    short: boolean;
    policyEffectiveFrom: string | null;
  };
}

export interface Roster extends RosterHeader {
  entries: RosterEntry[];
  summary: RosterSummary;
}

export interface SettlementPart {
  institutionId: string;
  institutionName: string;
  paidChildren: number;
  secondChildCount: number;
  thirdChildCount: number;
  subsidyFen: number;
  adjustmentFen: number;
  carriedInFen: number;
  amountFen: number;
  carriedForwardFen: number;
}

export interface Settlement {
  id: string;
  month: string;
  status: string;
  run: number;
  progress: { done: number; total: number };
  totals: { paidChildren: number; secondChildCount: number; thirdChildCount: number; amountFen: number };
  institutions: SettlementPart[];
  failureReason: string | null;
  computedAt: string | null;
  publishedAt: string | null;
  approvedAt: string | null;
}

export interface SettlementLine {
  id: number;
  childId: string;
  idNumber: string;
  institutionId: string;
  rosterId: string;
  forMonth: string;
  birthOrder: number;
  amountFen: number;
  reason: string;
}

export interface InstitutionPayment {
  settlementId: string;
  month: string;
  settlementStatus: string;
  paidAt: string | null;
  expectedFen: number;
  paidFen: number;
  differenceFen: number;
  state: string;
  payments: { voucherNo: string; amountFen: number; paidOn: string }[];
}
