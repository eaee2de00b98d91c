import { AUTH_MESSAGES } from './auth/auth.messages';
import { CHILDREN_MESSAGES } from './children/children.messages';
import { DOCUMENTS_MESSAGES } from './documents/documents.messages';
import { FILE_MESSAGES } from './common/i18n/file.messages';
import type { MessageCatalogue } from './common/i18n/messages';
import { VALIDATION_MESSAGES } from './common/i18n/validation.messages';
import { FINANCE_MESSAGES } from './finance/finance.messages';
import { GRANTS_MESSAGES } from './grants/grants.messages';
import { HEALTH_MESSAGES } from './health/health.messages';
import { HTTP_MESSAGES } from './infra/http/http.messages';
import { IDEMPOTENCY_MESSAGES } from './infra/idempotency/idempotency.messages';
import { REGISTRY_MESSAGES } from './registry/registry.messages';
import { ROSTERS_MESSAGES } from './rosters/rosters.messages';
import { SETTLEMENT_MESSAGES } from './settlement/settlement.messages';
import { STAFF_MESSAGES } from './staff/staff.messages';
import { SUBSIDY_POLICY_MESSAGES } from './subsidy-policy/subsidy-policy.messages';
import { USERS_MESSAGES } from './users/users.messages';

/**
 * Every error and problem code the API answers with, and its Chinese text: one catalogue per owner, put
 * together here. `docs/error-codes.md` is generated from it (`npm run docs:errors`); a test fails when a code
 * the code base raises is missing, or when two owners declare the same code.
 */
export const CATALOGUES: Record<string, MessageCatalogue> = {
  http: HTTP_MESSAGES,
  validation: VALIDATION_MESSAGES,
  files: FILE_MESSAGES,
  idempotency: IDEMPOTENCY_MESSAGES,
  health: HEALTH_MESSAGES,
  auth: AUTH_MESSAGES,
  users: USERS_MESSAGES,
  registry: REGISTRY_MESSAGES,
  children: CHILDREN_MESSAGES,
  rosters: ROSTERS_MESSAGES,
  'subsidy-policy': SUBSIDY_POLICY_MESSAGES,
  settlement: SETTLEMENT_MESSAGES,
  finance: FINANCE_MESSAGES,
  grants: GRANTS_MESSAGES,
  documents: DOCUMENTS_MESSAGES,
  staff: STAFF_MESSAGES,
};

export const ERROR_CATALOGUE: MessageCatalogue = Object.assign({}, ...Object.values(CATALOGUES)) as MessageCatalogue;
