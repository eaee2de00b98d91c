-- A failed run stores a stable code and a Chinese sentence for people; the technical detail goes to the log
-- only (raw database text is never shown).
ALTER TABLE "settlements" ADD COLUMN "failureCode" VARCHAR(64);

-- runs that failed before: their stored text may be raw database output
UPDATE "settlements" SET "failureCode" = 'COMPUTE_ERROR',
       "failureReason" = '结算计算失败。请重新发起该月结算；如再次失败，请联系系统管理员查看日志。'
 WHERE "failureReason" IS NOT NULL;
