-- Settlement runs: which policy and which roster versions a run used, and the chunks that split the work.

-- the subsidy policy version the run computed the month under
ALTER TABLE "settlements" ADD COLUMN "policyId" UUID;

-- The roster versions a run read, with the institution's eligibility for that month as the run saw it.
-- forMonth = the settlement's month, or an earlier month recomputed for adjustments.
-- consumed: paid from by this settlement (locked when it is approved); false = read only to decide
-- where a child is paid in an earlier month.
CREATE TABLE "settlement_rosters" (
    "settlementId" UUID NOT NULL,
    "rosterId" UUID NOT NULL,
    "institutionId" UUID NOT NULL,
    "forMonth" CHAR(7) NOT NULL,
    "eligible" BOOLEAN NOT NULL,
    "consumed" BOOLEAN NOT NULL,

    CONSTRAINT "settlement_rosters_pkey" PRIMARY KEY ("settlementId","rosterId")
);

-- One unit of work of a run: the children with fromChildId <= id < toChildId (null = open end) of the
-- month, or (kind ADJUSTMENT) the corrections of earlier months. doneAt is set in the same transaction
-- as the chunk's lines, so a chunk is applied exactly once.
CREATE TABLE "settlement_chunks" (
    "settlementId" UUID NOT NULL,
    "chunkNo" INTEGER NOT NULL,
    "run" INTEGER NOT NULL,
    "kind" VARCHAR(16) NOT NULL,
    "fromChildId" UUID,
    "toChildId" UUID,
    "doneAt" TIMESTAMPTZ(3),
    "processedBy" VARCHAR(128),

    CONSTRAINT "settlement_chunks_pkey" PRIMARY KEY ("settlementId","chunkNo")
);

CREATE INDEX "settlement_rosters_rosterId_idx" ON "settlement_rosters"("rosterId");

ALTER TABLE "settlement_rosters" ADD CONSTRAINT "settlement_rosters_settlementId_fkey" FOREIGN KEY ("settlementId") REFERENCES "settlements"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "settlement_chunks" ADD CONSTRAINT "settlement_chunks_settlementId_fkey" FOREIGN KEY ("settlementId") REFERENCES "settlements"("id") ON DELETE CASCADE ON UPDATE CASCADE;
