-- CreateEnum
CREATE TYPE "Role" AS ENUM ('admin', 'operator', 'finance', 'auditor');
CREATE TYPE "InstitutionKind" AS ENUM ('PUBLIC', 'PRIVATE', 'KINDERGARTEN_CLASS', 'EMPLOYER', 'COMMUNITY');
CREATE TYPE "InstitutionStatus" AS ENUM ('DRAFT', 'SUBMITTED', 'FILED', 'RETURNED', 'SUSPENDED', 'CLOSED');
CREATE TYPE "InspectionKind" AS ENUM ('SAFETY', 'FIRE', 'HYGIENE', 'SERVICE');
CREATE TYPE "InspectionResult" AS ENUM ('PASSED', 'RECTIFICATION_REQUIRED', 'FAILED');
CREATE TYPE "RosterStatus" AS ENUM ('DRAFT', 'SUBMITTED', 'APPROVED', 'RETURNED', 'LOCKED');
CREATE TYPE "SettlementStatus" AS ENUM ('QUEUED', 'RUNNING', 'COMPUTED', 'PUBLISHED', 'APPROVED', 'PAID', 'FAILED');
CREATE TYPE "LineReason" AS ENUM ('PAID_SECOND_CHILD', 'PAID_THIRD_CHILD', 'FIRST_CHILD', 'OVER_AGE', 'INSUFFICIENT_ATTENDANCE', 'INSTITUTION_NOT_ELIGIBLE', 'PAID_ELSEWHERE', 'ADJUSTMENT');
CREATE TYPE "GrantKind" AS ENUM ('CONSTRUCTION', 'ADVANCED_AWARD');
CREATE TYPE "FundingSource" AS ENUM ('CITY', 'DISTRICT');
CREATE TYPE "GrantStatus" AS ENUM ('PENDING', 'APPROVED', 'DISBURSED', 'REJECTED');

-- CreateTable
CREATE TABLE "users" (
    "id" UUID NOT NULL,
    "username" VARCHAR(64) NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "role" "Role" NOT NULL,
    "institutionId" UUID,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "tokenVersion" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "users_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "audit_logs" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "actorId" UUID,
    "role" VARCHAR(16),
    "action" VARCHAR(64) NOT NULL,
    "entityType" VARCHAR(64) NOT NULL,
    "entityId" VARCHAR(64),
    "before" JSONB,
    "after" JSONB,
    "requestId" VARCHAR(64),
    "ip" VARCHAR(64),
    "prevHash" CHAR(64) NOT NULL,
    "hash" CHAR(64) NOT NULL,
    CONSTRAINT "audit_logs_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "idempotency_keys" (
    "userId" UUID NOT NULL,
    "key" VARCHAR(128) NOT NULL,
    "method" VARCHAR(8) NOT NULL,
    "path" TEXT NOT NULL,
    "requestHash" CHAR(64) NOT NULL,
    "responseStatus" INTEGER,
    "responseBody" JSONB,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "idempotency_keys_pkey" PRIMARY KEY ("userId","key")
);

CREATE TABLE "institutions" (
    "id" UUID NOT NULL,
    "name" VARCHAR(200) NOT NULL,
    "creditCode" CHAR(18) NOT NULL,
    "kind" "InstitutionKind" NOT NULL,
    "independent" BOOLEAN NOT NULL DEFAULT false,
    "districtLevel" BOOLEAN NOT NULL DEFAULT false,
    "township" VARCHAR(32),
    "address" VARCHAR(300),
    "approvedSlots" INTEGER NOT NULL DEFAULT 0,
    "status" "InstitutionStatus" NOT NULL DEFAULT 'DRAFT',
    "filingNumber" VARCHAR(64),
    "filedAt" TIMESTAMPTZ(3),
    "statusReason" TEXT,
    "closureChildrenNote" TEXT,
    "bankName" VARCHAR(200),
    "bankAccountName" VARCHAR(200),
    "bankAccountNumber" VARCHAR(64),
    "creditRating" VARCHAR(16),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "institutions_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "institution_status_changes" (
    "id" UUID NOT NULL,
    "institutionId" UUID NOT NULL,
    "fromStatus" "InstitutionStatus",
    "toStatus" "InstitutionStatus" NOT NULL,
    "reason" TEXT,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actorId" UUID,
    CONSTRAINT "institution_status_changes_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "inclusive_designations" (
    "id" UUID NOT NULL,
    "institutionId" UUID NOT NULL,
    "inclusive" BOOLEAN NOT NULL DEFAULT true,
    "guidancePriceFen" INTEGER,
    "effectiveFrom" CHAR(7) NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actorId" UUID,
    CONSTRAINT "inclusive_designations_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "filing_sequences" (
    "year" INTEGER NOT NULL,
    "lastValue" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "filing_sequences_pkey" PRIMARY KEY ("year")
);

CREATE TABLE "townships" (
    "code" VARCHAR(32) NOT NULL,
    "name" VARCHAR(100) NOT NULL,
    "population" INTEGER NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "townships_pkey" PRIMARY KEY ("code")
);

CREATE TABLE "inspections" (
    "id" UUID NOT NULL,
    "institutionId" UUID NOT NULL,
    "kind" "InspectionKind" NOT NULL,
    "inspectedOn" DATE NOT NULL,
    "result" "InspectionResult" NOT NULL,
    "findings" TEXT,
    "createdById" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "inspections_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "credit_ratings" (
    "id" UUID NOT NULL,
    "institutionId" UUID NOT NULL,
    "rating" VARCHAR(16) NOT NULL,
    "ratedOn" DATE NOT NULL,
    "note" TEXT,
    "createdById" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "credit_ratings_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "children" (
    "id" UUID NOT NULL,
    "idHash" CHAR(64) NOT NULL,
    "idCipher" TEXT NOT NULL,
    "idMasked" VARCHAR(18) NOT NULL,
    "nameCipher" TEXT NOT NULL,
    "keyId" VARCHAR(32) NOT NULL,
    "birthDate" DATE NOT NULL,
    "sex" CHAR(1) NOT NULL,
    "birthOrder" INTEGER,
    "birthOrderConfirmedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "children_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "rosters" (
    "id" UUID NOT NULL,
    "institutionId" UUID NOT NULL,
    "month" CHAR(7) NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "status" "RosterStatus" NOT NULL DEFAULT 'DRAFT',
    "returnReason" TEXT,
    "createdById" UUID,
    "submittedAt" TIMESTAMPTZ(3),
    "reviewedAt" TIMESTAMPTZ(3),
    "reviewedById" UUID,
    "lockedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "rosters_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "roster_entries" (
    "id" UUID NOT NULL,
    "rosterId" UUID NOT NULL,
    "childId" UUID NOT NULL,
    "rowIndex" INTEGER NOT NULL,
    "birthOrder" INTEGER NOT NULL,
    "guardianNameCipher" TEXT NOT NULL,
    "guardianPhoneCipher" TEXT,
    "enrolledOn" DATE NOT NULL,
    "withdrawnOn" DATE,
    "attendanceDays" INTEGER NOT NULL,
    CONSTRAINT "roster_entries_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "subsidy_policies" (
    "id" UUID NOT NULL,
    "effectiveFrom" CHAR(7) NOT NULL,
    "secondChildFen" INTEGER NOT NULL,
    "thirdChildFen" INTEGER NOT NULL,
    "minAttendanceDays" INTEGER NOT NULL,
    "maxAgeMonths" INTEGER NOT NULL,
    "createdById" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "subsidy_policies_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "settlements" (
    "id" UUID NOT NULL,
    "month" CHAR(7) NOT NULL,
    "status" "SettlementStatus" NOT NULL DEFAULT 'QUEUED',
    "run" INTEGER NOT NULL DEFAULT 0,
    "progressDone" INTEGER NOT NULL DEFAULT 0,
    "progressTotal" INTEGER NOT NULL DEFAULT 0,
    "failureReason" TEXT,
    "paidChildren" INTEGER NOT NULL DEFAULT 0,
    "secondChildCount" INTEGER NOT NULL DEFAULT 0,
    "thirdChildCount" INTEGER NOT NULL DEFAULT 0,
    "amountFen" BIGINT NOT NULL DEFAULT 0,
    "queuedAt" TIMESTAMPTZ(3),
    "startedAt" TIMESTAMPTZ(3),
    "computedAt" TIMESTAMPTZ(3),
    "publishedAt" TIMESTAMPTZ(3),
    "approvedAt" TIMESTAMPTZ(3),
    "approvedById" UUID,
    "paidAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "settlements_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "settlement_lines" (
    "id" BIGSERIAL NOT NULL,
    "settlementId" UUID NOT NULL,
    "childId" UUID NOT NULL,
    "institutionId" UUID NOT NULL,
    "rosterId" UUID,
    "forMonth" CHAR(7) NOT NULL,
    "birthOrder" INTEGER NOT NULL,
    "amountFen" INTEGER NOT NULL,
    "reason" "LineReason" NOT NULL,
    CONSTRAINT "settlement_lines_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "settlement_institutions" (
    "settlementId" UUID NOT NULL,
    "institutionId" UUID NOT NULL,
    "paidChildren" INTEGER NOT NULL DEFAULT 0,
    "secondChildCount" INTEGER NOT NULL DEFAULT 0,
    "thirdChildCount" INTEGER NOT NULL DEFAULT 0,
    "subsidyFen" INTEGER NOT NULL DEFAULT 0,
    "adjustmentFen" INTEGER NOT NULL DEFAULT 0,
    "carriedInFen" INTEGER NOT NULL DEFAULT 0,
    "amountFen" INTEGER NOT NULL DEFAULT 0,
    "carriedForwardFen" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "settlement_institutions_pkey" PRIMARY KEY ("settlementId","institutionId")
);

CREATE TABLE "payments" (
    "id" UUID NOT NULL,
    "settlementId" UUID NOT NULL,
    "institutionId" UUID NOT NULL,
    "amountFen" INTEGER NOT NULL,
    "voucherNo" VARCHAR(64) NOT NULL,
    "paidOn" DATE NOT NULL,
    "recordedById" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "payments_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "grants" (
    "id" UUID NOT NULL,
    "institutionId" UUID NOT NULL,
    "kind" "GrantKind" NOT NULL,
    "year" INTEGER NOT NULL,
    "status" "GrantStatus" NOT NULL DEFAULT 'PENDING',
    "uniqueKey" VARCHAR(128) NOT NULL,
    "reason" TEXT,
    "createdById" UUID NOT NULL,
    "decidedById" UUID,
    "decidedAt" TIMESTAMPTZ(3),
    "budgetApplied" BOOLEAN,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "grants_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "grant_components" (
    "id" UUID NOT NULL,
    "grantId" UUID NOT NULL,
    "source" "FundingSource" NOT NULL,
    "amountFen" INTEGER NOT NULL,
    "paidFen" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "grant_components_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "grant_disbursements" (
    "id" UUID NOT NULL,
    "componentId" UUID NOT NULL,
    "amountFen" INTEGER NOT NULL,
    "voucherNo" VARCHAR(64) NOT NULL,
    "paidOn" DATE NOT NULL,
    "recordedById" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "grant_disbursements_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "budgets" (
    "year" INTEGER NOT NULL,
    "source" "FundingSource" NOT NULL,
    "amountFen" BIGINT NOT NULL,
    "committedFen" BIGINT NOT NULL DEFAULT 0,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "budgets_pkey" PRIMARY KEY ("year","source")
);

-- CreateIndex
CREATE UNIQUE INDEX "users_username_key" ON "users"("username");
CREATE INDEX "users_institutionId_idx" ON "users"("institutionId");
CREATE UNIQUE INDEX "audit_logs_hash_key" ON "audit_logs"("hash");
CREATE INDEX "audit_logs_entityType_entityId_idx" ON "audit_logs"("entityType", "entityId");
CREATE INDEX "audit_logs_actorId_idx" ON "audit_logs"("actorId");
CREATE INDEX "audit_logs_at_idx" ON "audit_logs"("at");
CREATE INDEX "idempotency_keys_createdAt_idx" ON "idempotency_keys"("createdAt");
CREATE UNIQUE INDEX "institutions_creditCode_key" ON "institutions"("creditCode");
CREATE UNIQUE INDEX "institutions_filingNumber_key" ON "institutions"("filingNumber");
CREATE INDEX "institutions_status_idx" ON "institutions"("status");
CREATE INDEX "institutions_township_idx" ON "institutions"("township");
CREATE INDEX "institution_status_changes_institutionId_at_idx" ON "institution_status_changes"("institutionId", "at");
CREATE UNIQUE INDEX "inclusive_designations_institutionId_effectiveFrom_key" ON "inclusive_designations"("institutionId", "effectiveFrom");
CREATE INDEX "inspections_institutionId_inspectedOn_idx" ON "inspections"("institutionId", "inspectedOn");
CREATE INDEX "credit_ratings_institutionId_ratedOn_idx" ON "credit_ratings"("institutionId", "ratedOn");
CREATE UNIQUE INDEX "children_idHash_key" ON "children"("idHash");
CREATE INDEX "rosters_month_status_idx" ON "rosters"("month", "status");
CREATE UNIQUE INDEX "rosters_institutionId_month_version_key" ON "rosters"("institutionId", "month", "version");
CREATE INDEX "roster_entries_childId_idx" ON "roster_entries"("childId");
CREATE UNIQUE INDEX "roster_entries_rosterId_childId_key" ON "roster_entries"("rosterId", "childId");
CREATE UNIQUE INDEX "subsidy_policies_effectiveFrom_key" ON "subsidy_policies"("effectiveFrom");
CREATE UNIQUE INDEX "settlements_month_key" ON "settlements"("month");
CREATE INDEX "settlement_lines_settlementId_institutionId_reason_idx" ON "settlement_lines"("settlementId", "institutionId", "reason");
CREATE INDEX "settlement_lines_childId_forMonth_idx" ON "settlement_lines"("childId", "forMonth");
CREATE UNIQUE INDEX "settlement_lines_settlementId_forMonth_childId_institutionId_key" ON "settlement_lines"("settlementId", "forMonth", "childId", "institutionId");
CREATE INDEX "settlement_institutions_institutionId_idx" ON "settlement_institutions"("institutionId");
CREATE UNIQUE INDEX "payments_voucherNo_key" ON "payments"("voucherNo");
CREATE INDEX "payments_settlementId_institutionId_idx" ON "payments"("settlementId", "institutionId");
CREATE UNIQUE INDEX "grants_uniqueKey_key" ON "grants"("uniqueKey");
CREATE INDEX "grants_institutionId_idx" ON "grants"("institutionId");
CREATE UNIQUE INDEX "grant_components_grantId_source_key" ON "grant_components"("grantId", "source");
CREATE UNIQUE INDEX "grant_disbursements_voucherNo_key" ON "grant_disbursements"("voucherNo");
CREATE INDEX "grant_disbursements_componentId_idx" ON "grant_disbursements"("componentId");

-- AddForeignKey
ALTER TABLE "users" ADD CONSTRAINT "users_institutionId_fkey" FOREIGN KEY ("institutionId") REFERENCES "institutions"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "institution_status_changes" ADD CONSTRAINT "institution_status_changes_institutionId_fkey" FOREIGN KEY ("institutionId") REFERENCES "institutions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "inclusive_designations" ADD CONSTRAINT "inclusive_designations_institutionId_fkey" FOREIGN KEY ("institutionId") REFERENCES "institutions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "inspections" ADD CONSTRAINT "inspections_institutionId_fkey" FOREIGN KEY ("institutionId") REFERENCES "institutions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "credit_ratings" ADD CONSTRAINT "credit_ratings_institutionId_fkey" FOREIGN KEY ("institutionId") REFERENCES "institutions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "rosters" ADD CONSTRAINT "rosters_institutionId_fkey" FOREIGN KEY ("institutionId") REFERENCES "institutions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "roster_entries" ADD CONSTRAINT "roster_entries_rosterId_fkey" FOREIGN KEY ("rosterId") REFERENCES "rosters"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "roster_entries" ADD CONSTRAINT "roster_entries_childId_fkey" FOREIGN KEY ("childId") REFERENCES "children"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "settlement_lines" ADD CONSTRAINT "settlement_lines_settlementId_fkey" FOREIGN KEY ("settlementId") REFERENCES "settlements"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "settlement_lines" ADD CONSTRAINT "settlement_lines_childId_fkey" FOREIGN KEY ("childId") REFERENCES "children"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "settlement_lines" ADD CONSTRAINT "settlement_lines_institutionId_fkey" FOREIGN KEY ("institutionId") REFERENCES "institutions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "settlement_institutions" ADD CONSTRAINT "settlement_institutions_settlementId_fkey" FOREIGN KEY ("settlementId") REFERENCES "settlements"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "settlement_institutions" ADD CONSTRAINT "settlement_institutions_institutionId_fkey" FOREIGN KEY ("institutionId") REFERENCES "institutions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "payments" ADD CONSTRAINT "payments_settlementId_fkey" FOREIGN KEY ("settlementId") REFERENCES "settlements"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "payments" ADD CONSTRAINT "payments_institutionId_fkey" FOREIGN KEY ("institutionId") REFERENCES "institutions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "grants" ADD CONSTRAINT "grants_institutionId_fkey" FOREIGN KEY ("institutionId") REFERENCES "institutions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "grant_components" ADD CONSTRAINT "grant_components_grantId_fkey" FOREIGN KEY ("grantId") REFERENCES "grants"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "grant_disbursements" ADD CONSTRAINT "grant_disbursements_componentId_fkey" FOREIGN KEY ("componentId") REFERENCES "grant_components"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- The audit log is append-only: the database itself refuses to change or remove entries.
CREATE FUNCTION audit_logs_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'audit_logs is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER audit_logs_no_update_delete BEFORE UPDATE OR DELETE ON "audit_logs"
  FOR EACH ROW EXECUTE FUNCTION audit_logs_append_only();
CREATE TRIGGER audit_logs_no_truncate BEFORE TRUNCATE ON "audit_logs"
  FOR EACH STATEMENT EXECUTE FUNCTION audit_logs_append_only();

-- Reference data: the district's default subsidy policy (API.md), effective 2024-01.
INSERT INTO "subsidy_policies" ("id", "effectiveFrom", "secondChildFen", "thirdChildFen", "minAttendanceDays", "maxAgeMonths")
VALUES ('00000000-0000-4000-8000-000000000001', '2024-01', 30000, 40000, 1, 36);
