-- An institution's month (its children's subsidy plus adjustments) can exceed 2^31 fen under a large policy:
-- the sums are bigint. (One line stays int: it is one child's month, at most twice a policy amount.)
ALTER TABLE "settlement_institutions" ALTER COLUMN "subsidyFen" SET DATA TYPE BIGINT,
ALTER COLUMN "adjustmentFen" SET DATA TYPE BIGINT,
ALTER COLUMN "carriedInFen" SET DATA TYPE BIGINT,
ALTER COLUMN "amountFen" SET DATA TYPE BIGINT,
ALTER COLUMN "carriedForwardFen" SET DATA TYPE BIGINT;
