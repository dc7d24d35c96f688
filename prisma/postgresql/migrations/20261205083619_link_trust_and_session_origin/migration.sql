-- AlterTable
ALTER TABLE "Account" ADD COLUMN     "selfLinkedAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "Integration" ADD COLUMN     "keysConfiguredAt" TIMESTAMP(3),
ADD COLUMN     "keysConfiguredById" TEXT;

-- AlterTable
ALTER TABLE "Session" ADD COLUMN     "accountId" TEXT,
ADD COLUMN     "integrationId" TEXT;

-- CreateIndex
CREATE INDEX "Session_integrationId_idx" ON "Session"("integrationId");

-- CreateIndex
CREATE INDEX "Session_accountId_idx" ON "Session"("accountId");

-- Existing integrations: whoever last set the identity settings (a superset of the key settings) is taken as the
-- one who set the keys, as of the row's last change (conservative: never earlier than the real change).
UPDATE "Integration" SET "keysConfiguredById" = "identityConfiguredById", "keysConfiguredAt" = "updatedAt";
