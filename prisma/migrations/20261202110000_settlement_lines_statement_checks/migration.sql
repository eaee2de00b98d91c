-- settlement_lines keeps its primary key and its three indexes (every query of the lines and the unique line per
-- settlement, month, child and institution need them). Its three row-level foreign keys (to settlements, children and
-- institutions) are replaced by one set-based check per statement: a row-level foreign key runs one look-up per line
-- and locks the referenced row (FOR KEY SHARE) each time, which made them most of a settlement's time (docs/
-- performance.md), for lines that one INSERT … SELECT derives from roster entries and rosters whose own foreign keys
-- (RESTRICT) already guarantee the child and the institution, in the transaction that also updates their settlement.
-- The check still refuses, at the database, a line naming a settlement, child or institution that does not exist,
-- whoever writes it; deleting a settlement still deletes its lines (as ON DELETE CASCADE did); children and
-- institutions are never deleted while a roster entry or a roster names them (RESTRICT), and every line derives from
-- one.
ALTER TABLE "settlement_lines" DROP CONSTRAINT "settlement_lines_settlementId_fkey";
ALTER TABLE "settlement_lines" DROP CONSTRAINT "settlement_lines_childId_fkey";
ALTER TABLE "settlement_lines" DROP CONSTRAINT "settlement_lines_institutionId_fkey";

-- `written`: the statement's new rows. Settlements and institutions are few per statement (their distinct values are
-- checked); children are probed through their primary key, without locking them.
CREATE FUNCTION settlement_lines_references_exist() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  missing text;
BEGIN
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

CREATE TRIGGER settlement_lines_references_on_insert AFTER INSERT ON "settlement_lines"
  REFERENCING NEW TABLE AS written FOR EACH STATEMENT EXECUTE FUNCTION settlement_lines_references_exist();
CREATE TRIGGER settlement_lines_references_on_update AFTER UPDATE ON "settlement_lines"
  REFERENCING NEW TABLE AS written FOR EACH STATEMENT EXECUTE FUNCTION settlement_lines_references_exist();

-- what ON DELETE CASCADE did: a settlement's lines go with it (the statement runs under a fresh snapshot, so it also
-- sees lines committed while the delete waited for the settlement's row lock)
CREATE FUNCTION settlement_lines_delete_with_settlement() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM settlement_lines WHERE "settlementId" = OLD.id;
  RETURN OLD;
END
$$;

CREATE TRIGGER settlement_lines_with_settlement BEFORE DELETE ON "settlements"
  FOR EACH ROW EXECUTE FUNCTION settlement_lines_delete_with_settlement();
