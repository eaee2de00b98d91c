-- The settlement outbox: a run's job is recorded in the transaction that queues the run and put on the queue
-- (BullMQ) only after that commit, by a relay every process runs and retries, so a month is never QUEUED
-- with a job that belongs to a transaction that did not commit, nor without a job once Redis is back.
CREATE TABLE "settlement_outbox" (
    "settlementId" UUID NOT NULL,
    "run" INTEGER NOT NULL,
    "month" CHAR(7) NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" VARCHAR(300),
    "enqueuedAt" TIMESTAMPTZ(3),

    CONSTRAINT "settlement_outbox_pkey" PRIMARY KEY ("settlementId","run")
);

CREATE INDEX "settlement_outbox_enqueuedAt_idx" ON "settlement_outbox"("enqueuedAt");

ALTER TABLE "settlement_outbox" ADD CONSTRAINT "settlement_outbox_settlementId_fkey" FOREIGN KEY ("settlementId") REFERENCES "settlements"("id") ON DELETE CASCADE ON UPDATE CASCADE;
