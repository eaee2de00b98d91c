import type { InstitutionStatus } from '../generated/prisma/enums';
import { shanghaiToday } from '../common/month';

/**
 * The filing (备案) workflow of an institution, as one table. Anything not listed is refused with the
 * current state named. CLOSED is final.
 *
 *   submit     DRAFT | RETURNED  → SUBMITTED
 *   approve    SUBMITTED         → FILED      (assigns the filing number)
 *   return     SUBMITTED         → RETURNED   (reason; the operator may edit and resubmit)
 *   suspend    FILED             → SUSPENDED  (reason)
 *   reinstate  SUSPENDED         → FILED      (reason)
 *   close      FILED | SUSPENDED → CLOSED     (reason and what happens to the enrolled children)
 */
export type FilingAction = 'submit' | 'approve' | 'return' | 'suspend' | 'reinstate' | 'close';

interface TransitionRule {
  from: readonly InstitutionStatus[];
  to: InstitutionStatus;
  /** audit action written for it */
  audit: string;
  /** a reason must be given (kept in the status history and shown as statusReason) */
  needsReason: boolean;
}

export const FILING_TRANSITIONS: Readonly<Record<FilingAction, TransitionRule>> = {
  submit: { from: ['DRAFT', 'RETURNED'], to: 'SUBMITTED', audit: 'INSTITUTION_SUBMITTED', needsReason: false },
  approve: { from: ['SUBMITTED'], to: 'FILED', audit: 'INSTITUTION_FILED', needsReason: false },
  return: { from: ['SUBMITTED'], to: 'RETURNED', audit: 'INSTITUTION_RETURNED', needsReason: true },
  suspend: { from: ['FILED'], to: 'SUSPENDED', audit: 'INSTITUTION_SUSPENDED', needsReason: true },
  reinstate: { from: ['SUSPENDED'], to: 'FILED', audit: 'INSTITUTION_REINSTATED', needsReason: true },
  close: { from: ['FILED', 'SUSPENDED'], to: 'CLOSED', audit: 'INSTITUTION_CLOSED', needsReason: true },
};

export const FILING_ACTIONS = Object.keys(FILING_TRANSITIONS) as FilingAction[];

/** The status `action` leads to from `current`, or null when the workflow does not allow it. */
export function nextStatus(current: InstitutionStatus, action: FilingAction): InstitutionStatus | null {
  const rule = FILING_TRANSITIONS[action];
  return rule.from.includes(current) ? rule.to : null;
}

/** People-readable refusal, naming the current state and what the action needs. */
export function refusalMessage(current: InstitutionStatus, action: FilingAction): string {
  const from = FILING_TRANSITIONS[action].from.join(' or ');
  return `Cannot ${action} an institution that is ${current}; ${action} needs ${from}`;
}

/** Statuses in which an operator may still edit their own filing. */
export const OPERATOR_EDITABLE_STATUSES: readonly InstitutionStatus[] = ['DRAFT', 'RETURNED'];

/** Fields an operator may change in their own filing; everything else is the bureau's (admin's). */
export const OPERATOR_FIELDS = ['name', 'kind', 'independent', 'servesMeals', 'township', 'address', 'bankAccount'] as const;

/** Fields admins may change by PATCH. */
export const ADMIN_FIELDS = [...OPERATOR_FIELDS, 'creditCode', 'districtLevel', 'approvedSlots'] as const;

/** Fields no one changes by PATCH: they move only through the workflow and designation endpoints. */
export const WORKFLOW_FIELDS = ['status', 'filingNumber', 'inclusive', 'guidancePriceFen', 'inclusiveFrom'] as const;

/** Every field of `sent` the role may not change by PATCH, each with why; empty when all are allowed. */
export function forbiddenPatchFields(sent: string[], role: 'admin' | 'operator'): { field: string; message: string }[] {
  return sent.flatMap((field) => {
    if ((WORKFLOW_FIELDS as readonly string[]).includes(field)) {
      return [{ field, message: `${field} cannot be changed by editing; it changes only through the filing workflow endpoints` }];
    }
    if (role === 'operator' && !(OPERATOR_FIELDS as readonly string[]).includes(field)) {
      return [{ field, message: `${field} is set by the health bureau and cannot be changed by an institution operator` }];
    }
    return [];
  });
}

/**
 * The filing number given on approval: 茌托备〔<year>〕<sequence, at least 4 digits>号, sequential per year
 * (Asia/Shanghai year of approval).
 */
export function formatFilingNumber(year: number, sequence: number): string {
  return `茌托备〔${year}〕${String(sequence).padStart(4, '0')}号`;
}

interface FilingContent {
  name: string;
  township: string | null;
  address: string | null;
  bankName: string | null;
  bankAccountName: string | null;
  bankAccountNumber: string | null;
}

/** What a filing still lacks before it can be submitted for review (each as a 422 detail). */
export function missingForSubmission(filing: FilingContent): { field: string; code: string; message: string }[] {
  const required: [keyof FilingContent, string][] = [
    ['township', 'township'],
    ['address', 'address'],
    ['bankName', 'bankAccount.bankName'],
    ['bankAccountName', 'bankAccount.accountName'],
    ['bankAccountNumber', 'bankAccount.accountNumber'],
  ];
  return required
    .filter(([key]) => !filing[key]?.trim())
    .map(([, field]) => ({ field, code: 'REQUIRED_FOR_SUBMISSION', message: `${field} must be filled in before the filing is submitted` }));
}

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
/**
 * Problems with a historic filing date (`filedOn` of approve, for institutions filed on paper before the system
 * went live): it must be a real calendar date, not after today in Asia/Shanghai.
 */
export function filedOnProblems(filedOn: string, now: Date): { field: string; code: string; message: string }[] {
  const m = DATE_ONLY.exec(filedOn);
  const day = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
  if (!day || day.toISOString().slice(0, 10) !== filedOn) {
    return [{ field: 'filedOn', code: 'DATE_INVALID', message: `${filedOn} is not a real date (YYYY-MM-DD)` }];
  }
  const today = shanghaiToday(now);
  if (filedOn > today) return [{ field: 'filedOn', code: 'DATE_IN_FUTURE', message: `filedOn ${filedOn} is after today (${today})` }];
  return [];
}
