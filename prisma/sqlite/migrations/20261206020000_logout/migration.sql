-- AlterTable
ALTER TABLE "Integration" ADD COLUMN "endSessionUri" TEXT NOT NULL DEFAULT '';
ALTER TABLE "Integration" ADD COLUMN "rpInitiatedLogout" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "Session" ADD COLUMN "idTokenSealed" TEXT;
ALTER TABLE "Session" ADD COLUMN "idpSid" TEXT;
ALTER TABLE "Session" ADD COLUMN "idpSub" TEXT;

-- CreateTable
CREATE TABLE "LogoutTokenJti" (
    "integrationId" TEXT NOT NULL,
    "jti" TEXT NOT NULL,
    "expiresAt" DATETIME NOT NULL,

    PRIMARY KEY ("integrationId", "jti")
);

-- CreateIndex
CREATE INDEX "LogoutTokenJti_expiresAt_idx" ON "LogoutTokenJti"("expiresAt");

-- CreateIndex
CREATE INDEX "Session_integrationId_idpSid_idx" ON "Session"("integrationId", "idpSid");

-- CreateIndex
CREATE INDEX "Session_integrationId_idpSub_idx" ON "Session"("integrationId", "idpSub");
