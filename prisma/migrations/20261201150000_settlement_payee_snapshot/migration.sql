-- The payee (name, credit code, bank account) of each institution is fixed when the month is approved;
-- the payment file of an approved month always shows those values, whatever the registry says later.
ALTER TABLE "settlement_institutions" ADD COLUMN "payeeFixedAt" TIMESTAMPTZ(3),
ADD COLUMN "payeeName" VARCHAR(200),
ADD COLUMN "payeeCreditCode" CHAR(18),
ADD COLUMN "payeeBankName" VARCHAR(200),
ADD COLUMN "payeeAccountName" VARCHAR(200),
ADD COLUMN "payeeAccountNumber" VARCHAR(64);

-- months approved before: the best we know is the registry's details now
UPDATE "settlement_institutions" si
   SET "payeeFixedAt" = COALESCE(s."approvedAt", CURRENT_TIMESTAMP), "payeeName" = i."name", "payeeCreditCode" = i."creditCode",
       "payeeBankName" = i."bankName", "payeeAccountName" = i."bankAccountName", "payeeAccountNumber" = i."bankAccountNumber"
  FROM "settlements" s, "institutions" i
 WHERE s."id" = si."settlementId" AND i."id" = si."institutionId" AND s."status" IN ('APPROVED', 'PAID');
