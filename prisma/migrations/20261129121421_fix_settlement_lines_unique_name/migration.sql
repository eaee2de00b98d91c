-- The init migration spelled this index name in full (64 characters); PostgreSQL silently cut it to 63
-- ("..._institutionId_ke"). Prisma truncates generated names before the suffix, so schema.prisma expects
-- "..._institutionI_key" (see test/foundation/schema-drift.e2e-spec.ts).
ALTER INDEX "settlement_lines_settlementId_forMonth_childId_institutionId_ke" RENAME TO "settlement_lines_settlementId_forMonth_childId_institutionI_key";
