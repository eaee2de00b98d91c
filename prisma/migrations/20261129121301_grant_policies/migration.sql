-- Grant amounts live in one configurable table (issue 7): the version in force for a grant's year is
-- copied into its components at creation, so later policy changes never alter an existing grant.

-- AlterTable
ALTER TABLE "grant_components" ADD COLUMN "budgetApplied" BOOLEAN;

-- CreateTable
CREATE TABLE "grant_policies" (
    "id" UUID NOT NULL,
    "kind" "GrantKind" NOT NULL,
    "source" "FundingSource" NOT NULL,
    "effectiveFromYear" INTEGER NOT NULL,
    "amountFen" INTEGER NOT NULL,
    "createdById" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "grant_policies_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "grant_policies_kind_source_effectiveFromYear_key" ON "grant_policies"("kind", "source", "effectiveFromYear");

-- Reference data: the construction grant of the policy (150,000 yuan city + 100,000 yuan district), from 2024.
INSERT INTO "grant_policies" ("id", "kind", "source", "effectiveFromYear", "amountFen")
VALUES ('00000000-0000-4000-8000-000000000701', 'CONSTRUCTION', 'CITY', 2024, 15000000),
       ('00000000-0000-4000-8000-000000000702', 'CONSTRUCTION', 'DISTRICT', 2024, 10000000);
