-- Status history: when a change takes effect ("at") is separate from when it was recorded ("recordedAt").
-- A paper filing's FILED row takes effect on its filedOn, earlier than the DRAFT and SUBMITTED rows written
-- before it; the status at an instant is that of the latest-recorded change taking effect by then.
ALTER TABLE "institution_status_changes" ADD COLUMN "recordedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;
UPDATE "institution_status_changes" SET "recordedAt" = "at";
-- a paper filing (SUBMITTED → FILED dated before the rows it follows) was recorded after them
UPDATE "institution_status_changes" c
   SET "recordedAt" = GREATEST(c."at", p.last + interval '1 millisecond')
  FROM (SELECT "institutionId", max("at") AS last FROM "institution_status_changes"
         WHERE "toStatus" IN ('DRAFT', 'SUBMITTED', 'RETURNED') GROUP BY "institutionId") p
 WHERE p."institutionId" = c."institutionId" AND c."fromStatus" = 'SUBMITTED' AND c."toStatus" = 'FILED';
CREATE INDEX "institution_status_changes_institutionId_recordedAt_idx" ON "institution_status_changes"("institutionId", "recordedAt");

-- Every institution's eligibility inputs for a month as a settlement run saw them.
CREATE TABLE "settlement_eligibility" (
    "settlementId" UUID NOT NULL,
    "forMonth" CHAR(7) NOT NULL,
    "institutionId" UUID NOT NULL,
    "filed" BOOLEAN NOT NULL,
    "inclusive" BOOLEAN NOT NULL,

    CONSTRAINT "settlement_eligibility_pkey" PRIMARY KEY ("settlementId","forMonth","institutionId")
);
ALTER TABLE "settlement_eligibility" ADD CONSTRAINT "settlement_eligibility_settlementId_fkey" FOREIGN KEY ("settlementId") REFERENCES "settlements"("id") ON DELETE CASCADE ON UPDATE CASCADE;
