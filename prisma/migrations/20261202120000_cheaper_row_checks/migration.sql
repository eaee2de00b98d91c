-- The CHECKs of migration 20261202000000 say the same here for less (docs/performance.md, "Row checks"):
--
-- * a hash is 64 lower-case hex digits: `~ '^[0-9a-f]{64}$'` costs PostgreSQL's regular expression engine ≈ 15 µs
--   per row (the bounded repeat), a third of the time of storing a 5,000-child roster; `~ '^[0-9a-f]+$'` with
--   `char_length(…) = 64` is the same rule at ≈ 1 µs.
-- * a settlement line's month is YYYY-MM: the line table takes 100,000 rows in one settlement, and the row CHECK (≈ 1.3 µs
--   a row) is checked instead once per distinct month of each statement, in the statement-level trigger that checks
--   the lines' references (same SQLSTATE 23514 as a CHECK, whoever writes).
-- * roster_entries: the unique (rosterId, idHash) and the index on idHash become one unique index on (idHash,
--   rosterId): the same rule (one entry per ID number per roster), and the look-ups by ID number use its first
--   column; look-ups by roster use (rosterId, childId). One index less to write per entry.

ALTER TABLE "sessions" DROP CONSTRAINT "sessions_tokenHash_check",
  ADD CONSTRAINT "sessions_tokenHash_check" CHECK ("tokenHash" ~ '^[0-9a-f]+$' AND char_length("tokenHash") = 64);
ALTER TABLE "audit_logs" DROP CONSTRAINT "audit_logs_prevHash_check", DROP CONSTRAINT "audit_logs_hash_check",
  ADD CONSTRAINT "audit_logs_prevHash_check" CHECK ("prevHash" ~ '^[0-9a-f]+$' AND char_length("prevHash") = 64),
  ADD CONSTRAINT "audit_logs_hash_check" CHECK ("hash" ~ '^[0-9a-f]+$' AND char_length("hash") = 64);
ALTER TABLE "idempotency_keys" DROP CONSTRAINT "idempotency_keys_requestHash_check",
  ADD CONSTRAINT "idempotency_keys_requestHash_check" CHECK ("requestHash" ~ '^[0-9a-f]+$' AND char_length("requestHash") = 64);
ALTER TABLE "children" DROP CONSTRAINT "children_idHash_check",
  ADD CONSTRAINT "children_idHash_check" CHECK ("idHash" ~ '^[0-9a-f]+$' AND char_length("idHash") = 64);
ALTER TABLE "roster_entries" DROP CONSTRAINT "roster_entries_idHash_check",
  ADD CONSTRAINT "roster_entries_idHash_check" CHECK ("idHash" ~ '^[0-9a-f]+$' AND char_length("idHash") = 64);
ALTER TABLE "documents" DROP CONSTRAINT "documents_sha256_check",
  ADD CONSTRAINT "documents_sha256_check" CHECK ("sha256" ~ '^[0-9a-f]+$' AND char_length("sha256") = 64);
ALTER TABLE "staff" DROP CONSTRAINT "staff_idHash_check",
  ADD CONSTRAINT "staff_idHash_check" CHECK ("idHash" ~ '^[0-9a-f]+$' AND char_length("idHash") = 64);

DROP INDEX "roster_entries_rosterId_idHash_key";
DROP INDEX "roster_entries_idHash_idx";
CREATE UNIQUE INDEX "roster_entries_idHash_rosterId_key" ON "roster_entries"("idHash", "rosterId");

ALTER TABLE "settlement_lines" DROP CONSTRAINT "settlement_lines_forMonth_check";

CREATE OR REPLACE FUNCTION settlement_lines_references_exist() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  missing text;
  bad_month text;
BEGIN
  SELECT w.m INTO bad_month
    FROM (SELECT DISTINCT "forMonth" AS m FROM written) w
   WHERE w.m IS NULL OR w.m !~ '^[0-9]{4}-(0[1-9]|1[0-2])$' LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'a settlement line''s month % is not YYYY-MM', coalesce(bad_month, 'NULL') USING ERRCODE = 'check_violation';
  END IF;
  SELECT 'settlement ' || w.id INTO missing
    FROM (SELECT DISTINCT "settlementId" AS id FROM written) w
   WHERE NOT EXISTS (SELECT 1 FROM settlements s WHERE s.id = w.id) LIMIT 1;
  IF missing IS NULL THEN
    SELECT 'institution ' || w.id INTO missing
      FROM (SELECT DISTINCT "institutionId" AS id FROM written) w
     WHERE NOT EXISTS (SELECT 1 FROM institutions i WHERE i.id = w.id) LIMIT 1;
  END IF;
  IF missing IS NULL THEN
    SELECT 'child ' || w."childId" INTO missing
      FROM written w WHERE NOT EXISTS (SELECT 1 FROM children c WHERE c.id = w."childId") LIMIT 1;
  END IF;
  IF missing IS NOT NULL THEN
    RAISE EXCEPTION 'a settlement line references a missing %', missing USING ERRCODE = 'foreign_key_violation';
  END IF;
  RETURN NULL;
END
$$;
