-- CreateTable
CREATE TABLE "IntegrationSecret" (
    "integrationId" TEXT NOT NULL,
    "kind" TEXT NOT NULL DEFAULT 'client_secret',
    "slot" TEXT NOT NULL,
    "secretSealed" TEXT,
    "tokenOrigin" TEXT,
    "addedAt" TIMESTAMP(3),
    "addedByEmail" TEXT,
    "lastAcceptedAt" TIMESTAMP(3),
    "lastRejectedAt" TIMESTAMP(3),
    "acceptedAfterRejection" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "IntegrationSecret_pkey" PRIMARY KEY ("integrationId","kind","slot")
);

-- CreateTable
CREATE TABLE "IntegrationDraft" (
    "integrationId" TEXT NOT NULL,
    "values" JSONB NOT NULL,
    "secretSealed" TEXT,
    "baseVersion" INTEGER NOT NULL,
    "updatedById" TEXT,
    "updatedByEmail" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "IntegrationDraft_pkey" PRIMARY KEY ("integrationId")
);

-- CreateTable
CREATE TABLE "IntegrationConfigVersion" (
    "id" TEXT NOT NULL,
    "integrationId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "values" JSONB NOT NULL,
    "secretSealed" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "createdByEmail" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "IntegrationConfigVersion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "IntegrationDriftState" (
    "integrationId" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "since" TIMESTAMP(3) NOT NULL,
    "changes" JSONB NOT NULL,
    "baseline" JSONB,
    "baselineAt" TIMESTAMP(3),
    "lastCheckAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "IntegrationDriftState_pkey" PRIMARY KEY ("integrationId")
);

-- CreateTable
CREATE TABLE "IntegrationDriftCheck" (
    "id" TEXT NOT NULL,
    "integrationId" TEXT NOT NULL,
    "checkedAt" TIMESTAMP(3) NOT NULL,
    "trigger" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "changes" JSONB NOT NULL,
    "observation" JSONB NOT NULL,

    CONSTRAINT "IntegrationDriftCheck_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AlertDelivery" (
    "id" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMP(3) NOT NULL,
    "deliveredAt" TIMESTAMP(3),
    "abandonedAt" TIMESTAMP(3),
    "lastError" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AlertDelivery_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "IntegrationConfigVersion_integrationId_version_key" ON "IntegrationConfigVersion"("integrationId", "version");

-- CreateIndex
CREATE INDEX "IntegrationDriftCheck_integrationId_checkedAt_idx" ON "IntegrationDriftCheck"("integrationId", "checkedAt");

-- CreateIndex
CREATE INDEX "AlertDelivery_deliveredAt_abandonedAt_nextAttemptAt_idx" ON "AlertDelivery"("deliveredAt", "abandonedAt", "nextAttemptAt");

-- AddForeignKey
ALTER TABLE "IntegrationSecret" ADD CONSTRAINT "IntegrationSecret_integrationId_fkey" FOREIGN KEY ("integrationId") REFERENCES "Integration"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IntegrationDraft" ADD CONSTRAINT "IntegrationDraft_integrationId_fkey" FOREIGN KEY ("integrationId") REFERENCES "Integration"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IntegrationConfigVersion" ADD CONSTRAINT "IntegrationConfigVersion_integrationId_fkey" FOREIGN KEY ("integrationId") REFERENCES "Integration"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IntegrationDriftState" ADD CONSTRAINT "IntegrationDriftState_integrationId_fkey" FOREIGN KEY ("integrationId") REFERENCES "Integration"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IntegrationDriftCheck" ADD CONSTRAINT "IntegrationDriftCheck_integrationId_fkey" FOREIGN KEY ("integrationId") REFERENCES "Integration"("id") ON DELETE CASCADE ON UPDATE CASCADE;
