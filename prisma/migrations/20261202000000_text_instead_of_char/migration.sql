-- CHAR(n) pads and compares with trailing blanks, which forced .trim() and casts in the code: the fixed-length
-- columns become text, and what CHAR's length said (and more) is a CHECK: a hash is 64 lower-case hex digits, a
-- month is YYYY-MM, a credit code 18 characters, a sex M or F. Indexes on these columns are rebuilt by the type change.

ALTER TABLE "sessions"
  ALTER COLUMN "tokenHash" TYPE text,
  ADD CONSTRAINT "sessions_tokenHash_check" CHECK ("tokenHash" ~ '^[0-9a-f]{64}$');

ALTER TABLE "audit_logs"
  ALTER COLUMN "prevHash" TYPE text,
  ALTER COLUMN "hash" TYPE text,
  ADD CONSTRAINT "audit_logs_prevHash_check" CHECK ("prevHash" ~ '^[0-9a-f]{64}$'),
  ADD CONSTRAINT "audit_logs_hash_check" CHECK ("hash" ~ '^[0-9a-f]{64}$');

ALTER TABLE "idempotency_keys"
  ALTER COLUMN "requestHash" TYPE text,
  ADD CONSTRAINT "idempotency_keys_requestHash_check" CHECK ("requestHash" ~ '^[0-9a-f]{64}$');

ALTER TABLE "institutions"
  ALTER COLUMN "creditCode" TYPE text,
  ADD CONSTRAINT "institutions_creditCode_check" CHECK (char_length("creditCode") = 18);

ALTER TABLE "inclusive_designations"
  ALTER COLUMN "effectiveFrom" TYPE text,
  ADD CONSTRAINT "inclusive_designations_effectiveFrom_check" CHECK ("effectiveFrom" ~ '^[0-9]{4}-(0[1-9]|1[0-2])$');

ALTER TABLE "children"
  ALTER COLUMN "idHash" TYPE text,
  ALTER COLUMN "sex" TYPE text,
  ADD CONSTRAINT "children_idHash_check" CHECK ("idHash" ~ '^[0-9a-f]{64}$'),
  ADD CONSTRAINT "children_sex_check" CHECK ("sex" IN ('M', 'F'));

ALTER TABLE "rosters"
  ALTER COLUMN "month" TYPE text,
  ADD CONSTRAINT "rosters_month_check" CHECK ("month" ~ '^[0-9]{4}-(0[1-9]|1[0-2])$');

ALTER TABLE "roster_entries"
  ALTER COLUMN "idHash" TYPE text,
  ALTER COLUMN "sex" TYPE text,
  ADD CONSTRAINT "roster_entries_idHash_check" CHECK ("idHash" ~ '^[0-9a-f]{64}$'),
  ADD CONSTRAINT "roster_entries_sex_check" CHECK ("sex" IN ('M', 'F'));

ALTER TABLE "subsidy_policies"
  ALTER COLUMN "effectiveFrom" TYPE text,
  ADD CONSTRAINT "subsidy_policies_effectiveFrom_check" CHECK ("effectiveFrom" ~ '^[0-9]{4}-(0[1-9]|1[0-2])$');

ALTER TABLE "settlements"
  ALTER COLUMN "month" TYPE text,
  ADD CONSTRAINT "settlements_month_check" CHECK ("month" ~ '^[0-9]{4}-(0[1-9]|1[0-2])$');

ALTER TABLE "settlement_outbox"
  ALTER COLUMN "month" TYPE text,
  ADD CONSTRAINT "settlement_outbox_month_check" CHECK ("month" ~ '^[0-9]{4}-(0[1-9]|1[0-2])$');

ALTER TABLE "settlement_rosters"
  ALTER COLUMN "forMonth" TYPE text,
  ADD CONSTRAINT "settlement_rosters_forMonth_check" CHECK ("forMonth" ~ '^[0-9]{4}-(0[1-9]|1[0-2])$');

ALTER TABLE "settlement_eligibility"
  ALTER COLUMN "forMonth" TYPE text,
  ADD CONSTRAINT "settlement_eligibility_forMonth_check" CHECK ("forMonth" ~ '^[0-9]{4}-(0[1-9]|1[0-2])$');

ALTER TABLE "settlement_lines"
  ALTER COLUMN "forMonth" TYPE text,
  ADD CONSTRAINT "settlement_lines_forMonth_check" CHECK ("forMonth" ~ '^[0-9]{4}-(0[1-9]|1[0-2])$');

ALTER TABLE "settlement_institutions"
  ALTER COLUMN "payeeCreditCode" TYPE text,
  ADD CONSTRAINT "settlement_institutions_payeeCreditCode_check" CHECK (char_length("payeeCreditCode") = 18);

ALTER TABLE "documents"
  ALTER COLUMN "sha256" TYPE text,
  ADD CONSTRAINT "documents_sha256_check" CHECK ("sha256" ~ '^[0-9a-f]{64}$');

ALTER TABLE "staff"
  ALTER COLUMN "idHash" TYPE text,
  ADD CONSTRAINT "staff_idHash_check" CHECK ("idHash" ~ '^[0-9a-f]{64}$');

ALTER TABLE "caregiver_ratio_policies"
  ALTER COLUMN "effectiveFrom" TYPE text,
  ADD CONSTRAINT "caregiver_ratio_policies_effectiveFrom_check" CHECK ("effectiveFrom" ~ '^[0-9]{4}-(0[1-9]|1[0-2])$');
