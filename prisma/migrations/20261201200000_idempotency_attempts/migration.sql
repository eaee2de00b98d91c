-- Idempotency keys record which attempt holds them and whether its change committed (issue: a committed change
-- must never run again, a crashed attempt must not block its key for 24 hours).
ALTER TABLE "idempotency_keys" ADD COLUMN "token" UUID,
ADD COLUMN "claimedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
ADD COLUMN "committedAt" TIMESTAMPTZ(3);

-- keys stored before: an answered key is a committed one
UPDATE "idempotency_keys" SET "token" = gen_random_uuid(), "claimedAt" = "createdAt",
  "committedAt" = CASE WHEN "responseStatus" IS NOT NULL THEN "createdAt" END;

ALTER TABLE "idempotency_keys" ALTER COLUMN "token" SET NOT NULL;
