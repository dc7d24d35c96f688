-- SCIM's userName is caseExact false (RFC 7643 §4.1.1): filters and uniqueness compare userNameKey, the lower-cased
-- userName. Existing rows are backfilled with the database's lower() (ASCII on SQLite, and Keyway writes the key itself
-- from here on).

-- DropIndex
DROP INDEX "ScimUser_integrationId_userName_key";

-- AlterTable
ALTER TABLE "ScimUser" ADD COLUMN "userNameKey" TEXT;

-- Backfill
UPDATE "ScimUser" SET "userNameKey" = lower("userName");

-- CreateIndex
CREATE UNIQUE INDEX "ScimUser_integrationId_userNameKey_key" ON "ScimUser"("integrationId", "userNameKey");
