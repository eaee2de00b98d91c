-- Roster entries keep the child as the operator reported it; the children registry is written at approval.
--
-- Until now every roster, even a DRAFT, registered its children (ID number and name) in `children`, and entries
-- only pointed there: an operator's answer showed the registered name (possibly another institution's) and the
-- confirmed birth order. Entries now carry what was typed (HMAC of the ID number, ID number and name sealed as
-- "<keyId>:<ciphertext>", masked ID number, birth date and sex); "childId" is set when the roster is approved.

ALTER TABLE "roster_entries"
    ADD COLUMN "idHash" CHAR(64),
    ADD COLUMN "idCipher" TEXT,
    ADD COLUMN "idMasked" VARCHAR(18),
    ADD COLUMN "nameCipher" TEXT,
    ADD COLUMN "birthDate" DATE,
    ADD COLUMN "sex" CHAR(1),
    ALTER COLUMN "childId" DROP NOT NULL;

-- Existing entries: the child as registered is the best record there is of what was reported.
UPDATE "roster_entries" e
   SET "idHash" = c."idHash",
       "idCipher" = c."keyId" || ':' || c."idCipher",
       "idMasked" = c."idMasked",
       "nameCipher" = c."keyId" || ':' || c."nameCipher",
       "birthDate" = c."birthDate",
       "sex" = c."sex"
  FROM "children" c
 WHERE c."id" = e."childId";

-- Entries of rosters never approved no longer point into the registry ...
UPDATE "roster_entries" e
   SET "childId" = NULL
  FROM "rosters" r
 WHERE r."id" = e."rosterId" AND r."status" NOT IN ('APPROVED', 'LOCKED');

-- ... and children only such rosters listed leave it (kept: anyone paid, or whose birth order an admin set).
DELETE FROM "children" c
 WHERE c."birthOrder" IS NULL
   AND NOT EXISTS (SELECT 1 FROM "roster_entries" e WHERE e."childId" = c."id")
   AND NOT EXISTS (SELECT 1 FROM "settlement_lines" l WHERE l."childId" = c."id");

CREATE UNIQUE INDEX "roster_entries_rosterId_idHash_key" ON "roster_entries"("rosterId", "idHash");
CREATE INDEX "roster_entries_idHash_idx" ON "roster_entries"("idHash");
