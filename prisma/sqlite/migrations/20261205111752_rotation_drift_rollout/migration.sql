-- CreateTable
CREATE TABLE "IntegrationSecret" (
    "integrationId" TEXT NOT NULL,
    "kind" TEXT NOT NULL DEFAULT 'client_secret',
    "slot" TEXT NOT NULL,
    "secretSealed" TEXT,
    "tokenOrigin" TEXT,
    "addedAt" DATETIME,
    "addedByEmail" TEXT,
    "lastAcceptedAt" DATETIME,
    "lastRejectedAt" DATETIME,
    "acceptedAfterRejection" INTEGER NOT NULL DEFAULT 0,

    PRIMARY KEY ("integrationId", "kind", "slot"),
    CONSTRAINT "IntegrationSecret_integrationId_fkey" FOREIGN KEY ("integrationId") REFERENCES "Integration" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "IntegrationDraft" (
    "integrationId" TEXT NOT NULL PRIMARY KEY,
    "values" JSONB NOT NULL,
    "secretSealed" TEXT,
    "baseVersion" INTEGER NOT NULL,
    "updatedById" TEXT,
    "updatedByEmail" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "IntegrationDraft_integrationId_fkey" FOREIGN KEY ("integrationId") REFERENCES "Integration" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "IntegrationConfigVersion" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "integrationId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "values" JSONB NOT NULL,
    "secretSealed" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "createdByEmail" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "IntegrationConfigVersion_integrationId_fkey" FOREIGN KEY ("integrationId") REFERENCES "Integration" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "IntegrationDriftState" (
    "integrationId" TEXT NOT NULL PRIMARY KEY,
    "state" TEXT NOT NULL,
    "since" DATETIME NOT NULL,
    "changes" JSONB NOT NULL,
    "baseline" JSONB,
    "baselineAt" DATETIME,
    "lastCheckAt" DATETIME NOT NULL,
    CONSTRAINT "IntegrationDriftState_integrationId_fkey" FOREIGN KEY ("integrationId") REFERENCES "Integration" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "IntegrationDriftCheck" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "integrationId" TEXT NOT NULL,
    "checkedAt" DATETIME NOT NULL,
    "trigger" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "changes" JSONB NOT NULL,
    "observation" JSONB NOT NULL,
    CONSTRAINT "IntegrationDriftCheck_integrationId_fkey" FOREIGN KEY ("integrationId") REFERENCES "Integration" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AlertDelivery" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "payload" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" DATETIME NOT NULL,
    "deliveredAt" DATETIME,
    "abandonedAt" DATETIME,
    "lastError" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE UNIQUE INDEX "IntegrationConfigVersion_integrationId_version_key" ON "IntegrationConfigVersion"("integrationId", "version");

-- CreateIndex
CREATE INDEX "IntegrationDriftCheck_integrationId_checkedAt_idx" ON "IntegrationDriftCheck"("integrationId", "checkedAt");

-- CreateIndex
CREATE INDEX "AlertDelivery_deliveredAt_abandonedAt_nextAttemptAt_idx" ON "AlertDelivery"("deliveredAt", "abandonedAt", "nextAttemptAt");
