-- Links become bound to (Registration ID, issuer, sub): existing links take their integration's current issuer.
ALTER TABLE "Account" ADD COLUMN "issuer" TEXT;
UPDATE "Account" SET "issuer" = COALESCE((SELECT "Integration"."issuer" FROM "Integration" WHERE "Integration"."registrationId" = "Account"."provider"), '');
ALTER TABLE "Account" ALTER COLUMN "issuer" SET NOT NULL;
DROP INDEX "Account_provider_providerAccountId_key";
CREATE UNIQUE INDEX "Account_provider_issuer_providerAccountId_key" ON "Account"("provider", "issuer", "providerAccountId");

-- AlterTable
ALTER TABLE "Integration" ADD COLUMN "trustEmailAddresses" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN "showOnSignInScreen" BOOLEAN NOT NULL DEFAULT true;

-- CreateTable
CREATE TABLE "IntegrationDomain" (
    "domain" TEXT NOT NULL,
    "integrationId" TEXT NOT NULL,

    CONSTRAINT "IntegrationDomain_pkey" PRIMARY KEY ("domain")
);

-- CreateIndex
CREATE INDEX "IntegrationDomain_integrationId_idx" ON "IntegrationDomain"("integrationId");

-- AddForeignKey
ALTER TABLE "IntegrationDomain" ADD CONSTRAINT "IntegrationDomain_integrationId_fkey" FOREIGN KEY ("integrationId") REFERENCES "Integration"("id") ON DELETE CASCADE ON UPDATE CASCADE;
