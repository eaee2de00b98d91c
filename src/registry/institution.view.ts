import { ApiProperty } from '@nestjs/swagger';
import { InspectionKind, InspectionResult, InstitutionKind, InstitutionStatus } from '../generated/prisma/enums';
import { toDateString } from '../common/month';
import { ApiDate, ApiEnum, ApiExample, ApiFen, ApiInt, ApiMonth, ApiTimestamp, ApiUuid } from '../infra/http/api-docs';
import type { DesignationInForce } from './eligibility.repository';
import type { InclusiveDesignation } from './designations.repository';
import type { Institution, InstitutionStatusChange } from './institutions.repository';
import type { CreditRating, Inspection } from './supervision.repository';
import type { Township } from './townships.repository';
import { INSTITUTION_STATUS_LABELS, label } from '../common/i18n/labels';

/** 收款账户: where the subsidy is paid. */
export class BankAccountView {
  /** 开户银行 */
  @ApiExample('中国农业银行茌平支行')
  bankName: string | null;
  /** 账户名称 */
  @ApiExample('茌平区阳光托育中心')
  accountName: string | null;
  /** 银行账号 (digits, as text) */
  @ApiExample('6228480402564890018')
  accountNumber: string | null;
}

/** An institution as docs/api.md describes it, with the inclusive designation (普惠) in force this month. */
export class InstitutionView {
  @ApiUuid()
  id: string;
  @ApiExample('茌平区阳光托育中心')
  name: string;
  /** 统一社会信用代码 */
  @ApiExample('52371523MJD123456X')
  creditCode: string;
  @ApiEnum(InstitutionKind, 'InstitutionKind')
  kind: InstitutionKind;
  /** 独立设置 */
  independent: boolean;
  /** 区级 */
  districtLevel: boolean;
  /** 提供膳食: when true, the food business licence (FOOD_LICENSE) is a required filing document */
  servesMeals: boolean;
  /** township code (see /townships) */
  @ApiExample('371523001')
  township: string | null;
  address: string | null;
  /** 核定托位数 */
  @ApiInt({ minimum: 0 })
  approvedSlots: number;
  @ApiEnum(InstitutionStatus, 'InstitutionStatus')
  status: InstitutionStatus;
  /** the status in Chinese (草稿, 已备案 …) */
  @ApiExample('已备案')
  statusLabel: string;
  /** the reason given with the last return, suspension, reinstatement or closure */
  statusReason: string | null;
  /** 备案编号, assigned on approval: 茌托备〔year〕NNNN号 */
  @ApiExample('茌托备〔2026〕0001号')
  filingNumber: string | null;
  @ApiTimestamp()
  filedAt: string | null;
  /** inclusive (普惠) this month */
  inclusive: boolean;
  /** this month's guidance price (普惠指导价) */
  @ApiFen({ example: 120000 })
  guidancePriceFen: number | null;
  /** first month of the uninterrupted inclusive stretch that includes this month */
  @ApiMonth()
  inclusiveFrom: string | null;
  /** since when this guidance price applies */
  @ApiMonth()
  guidancePriceFrom: string | null;
  bankAccount: BankAccountView;
  /** the most recent credit rating (A–D) */
  @ApiProperty({ enum: ['A', 'B', 'C', 'D'] })
  creditRating: string | null;
  /** closure: what happens to the enrolled children */
  closureChildrenNote: string | null;
  @ApiTimestamp()
  createdAt: string;
  @ApiTimestamp()
  updatedAt: string;
}

/** Public disclosure (信息公示): exactly these fields, no id, no bank account, nothing personal. */
export class PublicInstitutionView {
  @ApiExample('茌平区阳光托育中心')
  name: string;
  @ApiEnum(InstitutionKind, 'InstitutionKind')
  kind: InstitutionKind;
  address: string | null;
  township: string | null;
  @ApiInt({ minimum: 0 })
  approvedSlots: number;
  inclusive: boolean;
  @ApiFen({ example: 120000 })
  guidancePriceFen: number | null;
  filingNumber: string | null;
  @ApiProperty({ enum: ['A', 'B', 'C', 'D'] })
  creditRating: string | null;
}

export class StatusChangeView {
  @ApiEnum(InstitutionStatus, 'InstitutionStatus')
  fromStatus: InstitutionStatus | null;
  @ApiEnum(InstitutionStatus, 'InstitutionStatus')
  toStatus: InstitutionStatus;
  reason: string | null;
  @ApiTimestamp()
  at: string;
  @ApiUuid()
  actorId: string | null;
}

export class DesignationView {
  @ApiMonth()
  effectiveFrom: string;
  /** false ends the designation from effectiveFrom on */
  inclusive: boolean;
  @ApiFen({ example: 120000 })
  guidancePriceFen: number | null;
  @ApiTimestamp()
  createdAt: string;
  @ApiUuid()
  actorId: string | null;
}

/** Status changes (with reasons) and inclusive designations, oldest first. */
export class InstitutionHistoryView {
  statusChanges: StatusChangeView[];
  designations: DesignationView[];
}

/** Whether the institution was filed and inclusive during the month, as the settlement decides it. */
export class EligibilityView {
  @ApiUuid()
  institutionId: string;
  @ApiMonth()
  month: string;
  /** held status FILED at some moment of the month (Asia/Shanghai) */
  filed: boolean;
  inclusive: boolean;
  @ApiFen({ example: 120000 })
  guidancePriceFen: number | null;
  /** filed and inclusive: its children can be subsidised for the month */
  eligible: boolean;
}

export class InspectionView {
  @ApiUuid()
  id: string;
  @ApiUuid()
  institutionId: string;
  @ApiEnum(InspectionKind, 'InspectionKind')
  kind: InspectionKind;
  @ApiDate()
  inspectedOn: string;
  @ApiEnum(InspectionResult, 'InspectionResult')
  result: InspectionResult;
  findings: string | null;
  @ApiUuid()
  createdById: string | null;
  @ApiTimestamp()
  createdAt: string;
}

export class CreditRatingView {
  @ApiUuid()
  id: string;
  @ApiUuid()
  institutionId: string;
  @ApiProperty({ enum: ['A', 'B', 'C', 'D'] })
  rating: string;
  @ApiDate()
  ratedOn: string;
  note: string | null;
  @ApiUuid()
  createdById: string | null;
  @ApiTimestamp()
  createdAt: string;
}

/** A township or street (乡镇/街道) with its resident population. */
export class TownshipView {
  @ApiExample('371523001')
  code: string;
  @ApiExample('振兴街道')
  name: string;
  /** 常住人口 */
  @ApiInt({ minimum: 1 })
  population: number;
  @ApiTimestamp()
  updatedAt: string;
}

const NOT_INCLUSIVE: DesignationInForce = { inclusive: false, guidancePriceFen: null, inclusiveFrom: null, guidancePriceFrom: null };

export function toInstitutionView(row: Institution, designation: DesignationInForce = NOT_INCLUSIVE): InstitutionView {
  return {
    id: row.id,
    name: row.name,
    creditCode: row.creditCode,
    kind: row.kind,
    independent: row.independent,
    districtLevel: row.districtLevel,
    servesMeals: row.servesMeals,
    township: row.township,
    address: row.address,
    approvedSlots: row.approvedSlots,
    status: row.status,
    statusLabel: label(INSTITUTION_STATUS_LABELS, row.status),
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
export function toPublicInstitutionView(row: Institution, designation: DesignationInForce = NOT_INCLUSIVE): PublicInstitutionView {
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
/** The audit snapshot: the stored columns (no personal data in an institution row). */
export function auditSnapshot(row: Institution) {
  const { createdAt: _c, updatedAt: _u, ...rest } = row;
  return rest;
}

export function toStatusChangeView(c: InstitutionStatusChange): StatusChangeView {
  return { fromStatus: c.fromStatus, toStatus: c.toStatus, reason: c.reason, at: c.at.toISOString(), actorId: c.actorId };
}

export function toDesignationView(d: InclusiveDesignation): DesignationView {
  return {
    effectiveFrom: d.effectiveFrom,
    inclusive: d.inclusive,
    guidancePriceFen: d.guidancePriceFen,
    createdAt: d.createdAt.toISOString(),
    actorId: d.actorId,
  };
}

export function toInspectionView(i: Inspection): InspectionView {
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

export function toCreditRatingView(r: CreditRating): CreditRatingView {
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

export function toTownshipView(t: Township): TownshipView {
  return { code: t.code, name: t.name, population: t.population, updatedAt: t.updatedAt.toISOString() };
}
