import { toDateString } from '../common/month';
import type { Prisma } from '../generated/prisma/client';
import type { FundingSource, GrantKind, GrantStatus } from '../generated/prisma/enums';
import { bySource } from './grant-rules';

/** What every grant query loads: components with their disbursements, oldest first. */
export const GRANT_INCLUDE = {
  components: { include: { disbursements: { orderBy: [{ paidOn: 'asc' }, { createdAt: 'asc' }] } } },
} satisfies Prisma.GrantInclude;

export type GrantWithComponents = Prisma.GrantGetPayload<{ include: typeof GRANT_INCLUDE }>;

export interface DisbursementView {
  voucherNo: string;
  amountFen: number;
  paidOn: string;
  recordedById: string | null;
  recordedAt: string;
}

export interface GrantComponentView {
  source: FundingSource;
  amountFen: number;
  paidFen: number;
  outstandingFen: number;
  /** whether an annual budget was charged for this component on approval (null while not approved) */
  budgetApplied: boolean | null;
  /** the latest voucher recorded for this component, if any */
  voucherNo: string | null;
  disbursements: DisbursementView[];
}

export interface GrantView {
  id: string;
  institutionId: string;
  kind: GrantKind;
  year: number;
  status: GrantStatus;
  components: GrantComponentView[];
  reason: string | null;
  /** true when at least one component was charged to a budget; false when none applied; null before approval */
  budgetApplied: boolean | null;
  createdById: string;
  decidedById: string | null;
  decidedAt: string | null;
  createdAt: string;
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
