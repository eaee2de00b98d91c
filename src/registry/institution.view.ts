import type {
  CreditRating,
  Inspection,
  Institution,
  InstitutionStatusChange,
  InclusiveDesignation,
  Township,
} from '../generated/prisma/client';
import { toDateString } from '../common/month';
import type { DesignationInForce } from './eligibility.repository';

const NOT_INCLUSIVE: DesignationInForce = { inclusive: false, guidancePriceFen: null, inclusiveFrom: null, guidancePriceFrom: null };

/** The institution as API.md describes it, with the inclusive designation in force this month. */
export function toInstitutionView(row: Institution, designation: DesignationInForce = NOT_INCLUSIVE) {
  return {
    id: row.id,
    name: row.name,
    creditCode: row.creditCode,
    kind: row.kind,
    independent: row.independent,
    districtLevel: row.districtLevel,
    township: row.township,
    address: row.address,
    approvedSlots: row.approvedSlots,
    status: row.status,
    statusReason: row.statusReason,
    filingNumber: row.filingNumber,
    filedAt: row.filedAt?.toISOString() ?? null,
    inclusive: designation.inclusive,
    guidancePriceFen: designation.guidancePriceFen,
    inclusiveFrom: designation.inclusiveFrom,
    guidancePriceFrom: designation.guidancePriceFrom,
    bankAccount: { bankName: row.bankName, accountName: row.bankAccountName, accountNumber: row.bankAccountNumber },
    creditRating: row.creditRating,
    closureChildrenNote: row.closureChildrenNote,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
export type InstitutionView = ReturnType<typeof toInstitutionView>;

/** Public disclosure (信息公示): exactly these fields, no id, no bank account, nothing personal. */
export function toPublicInstitutionView(row: Institution, designation: DesignationInForce = NOT_INCLUSIVE) {
  return {
    name: row.name,
    kind: row.kind,
    address: row.address,
    township: row.township,
    approvedSlots: row.approvedSlots,
    inclusive: designation.inclusive,
    guidancePriceFen: designation.guidancePriceFen,
    filingNumber: row.filingNumber,
    creditRating: row.creditRating,
  };
}
export type PublicInstitutionView = ReturnType<typeof toPublicInstitutionView>;

/** The audit snapshot: the stored columns (no personal data in an institution row). */
export function auditSnapshot(row: Institution) {
  const { createdAt: _c, updatedAt: _u, ...rest } = row;
  return rest;
}

export function toStatusChangeView(c: InstitutionStatusChange) {
  return { fromStatus: c.fromStatus, toStatus: c.toStatus, reason: c.reason, at: c.at.toISOString(), actorId: c.actorId };
}

export function toDesignationView(d: InclusiveDesignation) {
  return {
    effectiveFrom: d.effectiveFrom,
    inclusive: d.inclusive,
    guidancePriceFen: d.guidancePriceFen,
    createdAt: d.createdAt.toISOString(),
    actorId: d.actorId,
  };
}

export function toInspectionView(i: Inspection) {
  return {
    id: i.id,
    institutionId: i.institutionId,
    kind: i.kind,
    inspectedOn: toDateString(i.inspectedOn),
    result: i.result,
    findings: i.findings,
    createdById: i.createdById,
    createdAt: i.createdAt.toISOString(),
  };
}

export function toCreditRatingView(r: CreditRating) {
  return {
    id: r.id,
    institutionId: r.institutionId,
    rating: r.rating,
    ratedOn: toDateString(r.ratedOn),
    note: r.note,
    createdById: r.createdById,
    createdAt: r.createdAt.toISOString(),
  };
}

export function toTownshipView(t: Township) {
  return { code: t.code, name: t.name, population: t.population, updatedAt: t.updatedAt.toISOString() };
}
