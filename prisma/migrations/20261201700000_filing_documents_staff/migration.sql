-- Filing materials (备案材料), their content in chunks, the staff register (从业人员) and caregiver ratios.
CREATE TYPE "DocumentKind" AS ENUM ('BUSINESS_LICENSE', 'PREMISES', 'FIRE_SAFETY', 'HEALTH_EVALUATION', 'STAFF_CERTIFICATES', 'FOOD_LICENSE', 'FILING_FORM', 'COMMITMENT', 'OTHER');
CREATE TYPE "StaffRole" AS ENUM ('DIRECTOR', 'CAREGIVER', 'HEALTH_CARE', 'COOK', 'SECURITY', 'OTHER');

ALTER TABLE "institutions" ADD COLUMN "servesMeals" BOOLEAN NOT NULL DEFAULT false;

CREATE TABLE "documents" (
    "id" UUID NOT NULL,
    "institutionId" UUID NOT NULL,
    "kind" "DocumentKind" NOT NULL,
    "fileName" VARCHAR(255) NOT NULL,
    "contentType" VARCHAR(64) NOT NULL,
    "sizeBytes" INTEGER NOT NULL,
    "sha256" CHAR(64) NOT NULL,
    "storageKey" VARCHAR(200) NOT NULL,
    "expiresOn" DATE,
    "uploadedById" UUID NOT NULL,
    "uploadedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "replacedById" UUID,
    "replacedAt" TIMESTAMPTZ(3),
    "removedAt" TIMESTAMPTZ(3),
    "removedById" UUID,
    "returnReason" TEXT,
    CONSTRAINT "documents_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "documents_institutionId_kind_idx" ON "documents"("institutionId", "kind");
CREATE INDEX "documents_expiresOn_idx" ON "documents"("expiresOn");
ALTER TABLE "documents" ADD CONSTRAINT "documents_institutionId_fkey" FOREIGN KEY ("institutionId") REFERENCES "institutions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

CREATE TABLE "document_blobs" (
    "id" UUID NOT NULL,
    "sizeBytes" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "document_blobs_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "document_chunks" (
    "blobId" UUID NOT NULL,
    "seq" INTEGER NOT NULL,
    "data" BYTEA NOT NULL,
    CONSTRAINT "document_chunks_pkey" PRIMARY KEY ("blobId", "seq")
);
ALTER TABLE "document_chunks" ADD CONSTRAINT "document_chunks_blobId_fkey" FOREIGN KEY ("blobId") REFERENCES "document_blobs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "staff" (
    "id" UUID NOT NULL,
    "institutionId" UUID NOT NULL,
    "idHash" CHAR(64) NOT NULL,
    "idCipher" TEXT NOT NULL,
    "idMasked" VARCHAR(18) NOT NULL,
    "nameCipher" TEXT NOT NULL,
    "keyId" VARCHAR(32) NOT NULL,
    "role" "StaffRole" NOT NULL,
    "qualificationNo" VARCHAR(64),
    "healthCertificateExpiresOn" DATE NOT NULL,
    "backgroundCheckedOn" DATE,
    "startedOn" DATE NOT NULL,
    "endedOn" DATE,
    "createdById" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "staff_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "staff_idHash_idx" ON "staff"("idHash");
CREATE INDEX "staff_institutionId_idx" ON "staff"("institutionId");
ALTER TABLE "staff" ADD CONSTRAINT "staff_institutionId_fkey" FOREIGN KEY ("institutionId") REFERENCES "institutions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

CREATE TABLE "caregiver_ratio_policies" (
    "id" UUID NOT NULL,
    "effectiveFrom" CHAR(7) NOT NULL,
    "under12" INTEGER NOT NULL,
    "from12To24" INTEGER NOT NULL,
    "from24To36" INTEGER NOT NULL,
    "createdById" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "caregiver_ratio_policies_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "caregiver_ratio_policies_effectiveFrom_key" ON "caregiver_ratio_policies"("effectiveFrom");

-- the national setting standard: 1:3 under 12 months, 1:5 from 12 to 24 months, 1:7 from 24 to 36 months
INSERT INTO "caregiver_ratio_policies" ("id", "effectiveFrom", "under12", "from12To24", "from24To36")
VALUES ('00000000-0000-4000-8000-000000000101', '2024-01', 3, 5, 7);
