-- Refused attempts are counted here, without the audit chain's lock, and summarised into audit_logs once per window.
CREATE TABLE "audit_refusals" (
    "windowStart" TIMESTAMPTZ(3) NOT NULL,
    "bucket" VARCHAR(64) NOT NULL,
    "action" VARCHAR(64) NOT NULL,
    "actorId" UUID,
    "role" VARCHAR(16),
    "ip" VARCHAR(64),
    "entityType" VARCHAR(64) NOT NULL,
    "entityId" VARCHAR(64),
    "after" JSONB,
    "requestId" VARCHAR(64),
    "count" INTEGER NOT NULL,
    "firstAt" TIMESTAMPTZ(3) NOT NULL,
    "lastAt" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "audit_refusals_pkey" PRIMARY KEY ("windowStart","bucket")
);
