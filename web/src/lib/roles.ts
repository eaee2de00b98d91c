import type { Role } from './labels';

/** The console's pages beyond the operator's, and who may open each (the menu in layout/console-layout.tsx agrees). */
export const PAGE_ROLES = {
  review: ['admin', 'auditor'],
  settlementRuns: ['admin', 'auditor'],
  payments: ['finance', 'auditor'],
  yearSummary: ['finance', 'auditor'],
  grantDisbursements: ['finance', 'auditor'],
  audit: ['admin', 'auditor'],
  institutions: ['admin', 'auditor'],
  children: ['admin'],
  users: ['admin'],
  policies: ['admin', 'auditor'],
  grants: ['admin', 'auditor'],
  stats: ['admin', 'auditor'],
} as const satisfies Record<string, readonly Role[]>;

/**
 * Whether `role` may change things on a page of `owner` (the role whose work the page is). Everybody else who may
 * open the page (auditors) reads it: the page leaves its action buttons out, it does not merely disable them.
 */
export function canAct(role: Role, owner: Role): boolean {
  return role === owner;
}
