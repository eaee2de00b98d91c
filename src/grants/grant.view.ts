import { toDateString } from '../common/month';
import { FundingSource, GrantKind, GrantStatus } from '../generated/prisma/enums';
import { ApiDate, ApiEnum, ApiExample, ApiFen, ApiInt, ApiTimestamp, ApiUuid } from '../infra/http/api-docs';
import { bySource } from './grant-rules';
import type { GrantWithComponents } from './grants.repository';

export class DisbursementView {
  /** 凭证号 */
  @ApiExample('CZ2026-0001')
  voucherNo: string;
  @ApiFen({ example: 5000000 })
  amountFen: number;
  @ApiDate()
  paidOn: string;
  @ApiUuid()
  recordedById: string | null;
  @ApiTimestamp()
  recordedAt: string;
}

export class GrantComponentView {
  @ApiEnum(FundingSource, 'FundingSource')
  source: FundingSource;
  @ApiFen({ example: 15000000 })
  amountFen: number;
  @ApiFen({ example: 5000000 })
  paidFen: number;
  @ApiFen({ example: 10000000 })
  outstandingFen: number;
  /** whether an annual budget was charged for this component on approval (null while not approved) */
  budgetApplied: boolean | null;
  /** the latest voucher recorded for this component, if any */
  voucherNo: string | null;
  /** oldest first */
  disbursements: DisbursementView[];
}

export class GrantView {
  @ApiUuid()
  id: string;
  @ApiUuid()
  institutionId: string;
  @ApiEnum(GrantKind, 'GrantKind')
  kind: GrantKind;
  @ApiInt({ example: 2026 })
  year: number;
  @ApiEnum(GrantStatus, 'GrantStatus')
  status: GrantStatus;
  /** CITY first */
  components: GrantComponentView[];
  /** why it was rejected */
  reason: string | null;
  /** true when at least one component was charged to a budget; false when none applied; null before approval */
  budgetApplied: boolean | null;
  @ApiUuid()
  createdById: string;
  @ApiUuid()
  decidedById: string | null;
  @ApiTimestamp()
  decidedAt: string | null;
  @ApiTimestamp()
  createdAt: string;
  @ApiTimestamp()
  updatedAt: string;
}

export function toGrantView(grant: GrantWithComponents): GrantView {
  return {
    id: grant.id,
    institutionId: grant.institutionId,
    kind: grant.kind,
    year: grant.year,
    status: grant.status,
    components: [...grant.components].sort(bySource).map((c) => {
      const disbursements = c.disbursements.map((d) => ({
        voucherNo: d.voucherNo,
        amountFen: d.amountFen,
        paidOn: toDateString(d.paidOn),
        recordedById: d.recordedById,
        recordedAt: d.createdAt.toISOString(),
      }));
      return {
        source: c.source,
        amountFen: c.amountFen,
        paidFen: c.paidFen,
        outstandingFen: c.amountFen - c.paidFen,
        budgetApplied: c.budgetApplied,
        voucherNo: disbursements.at(-1)?.voucherNo ?? null,
        disbursements,
      };
    }),
    reason: grant.reason,
    budgetApplied: grant.budgetApplied,
    createdById: grant.createdById,
    decidedById: grant.decidedById,
    decidedAt: grant.decidedAt?.toISOString() ?? null,
    createdAt: grant.createdAt.toISOString(),
    updatedAt: grant.updatedAt.toISOString(),
  };
}
