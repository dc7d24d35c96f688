-- Links become bound to (Registration ID, issuer, sub): existing links take their integration's current issuer.
-- CreateTable
CREATE TABLE "IntegrationDomain" (
    "domain" TEXT NOT NULL PRIMARY KEY,
    "integrationId" TEXT NOT NULL,
    CONSTRAINT "IntegrationDomain_integrationId_fkey" FOREIGN KEY ("integrationId") REFERENCES "Integration" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Account" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "issuer" TEXT NOT NULL,
    "providerAccountId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSignInAt" DATETIME,
    CONSTRAINT "Account_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Account" ("createdAt", "id", "lastSignInAt", "provider", "issuer", "providerAccountId", "userId") SELECT "createdAt", "id", "lastSignInAt", "provider", COALESCE((SELECT "issuer" FROM "Integration" WHERE "Integration"."registrationId" = "Account"."provider"), ''), "providerAccountId", "userId" FROM "Account";
DROP TABLE "Account";
ALTER TABLE "new_Account" RENAME TO "Account";
CREATE INDEX "Account_userId_idx" ON "Account"("userId");
CREATE UNIQUE INDEX "Account_provider_issuer_providerAccountId_key" ON "Account"("provider", "issuer", "providerAccountId");
CREATE TABLE "new_Integration" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "registrationId" TEXT NOT NULL,
    "provider" TEXT NOT NULL DEFAULT 'custom-sso',
    "clientId" TEXT NOT NULL,
    "clientSecretSealed" TEXT NOT NULL,
    "authorizationUrl" TEXT NOT NULL,
    "jwksUri" TEXT NOT NULL,
    "tokenUri" TEXT NOT NULL,
    "userInfoUri" TEXT NOT NULL,
    "issuer" TEXT NOT NULL,
    "clientAuthMethod" TEXT NOT NULL DEFAULT 'client_secret_post',
    "loginButtonText" TEXT NOT NULL,
    "trustEmailAddresses" BOOLEAN NOT NULL DEFAULT false,
    "showOnSignInScreen" BOOLEAN NOT NULL DEFAULT true,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "createdById" TEXT,
    "createdByEmail" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "lastSignInAt" DATETIME,
    "lastFailureAt" DATETIME,
    "lastFailureCode" TEXT
);
INSERT INTO "new_Integration" ("authorizationUrl", "clientAuthMethod", "clientId", "clientSecretSealed", "createdAt", "createdByEmail", "createdById", "enabled", "id", "issuer", "jwksUri", "lastFailureAt", "lastFailureCode", "lastSignInAt", "loginButtonText", "provider", "registrationId", "tokenUri", "updatedAt", "userInfoUri") SELECT "authorizationUrl", "clientAuthMethod", "clientId", "clientSecretSealed", "createdAt", "createdByEmail", "createdById", "enabled", "id", "issuer", "jwksUri", "lastFailureAt", "lastFailureCode", "lastSignInAt", "loginButtonText", "provider", "registrationId", "tokenUri", "updatedAt", "userInfoUri" FROM "Integration";
DROP TABLE "Integration";
ALTER TABLE "new_Integration" RENAME TO "Integration";
CREATE UNIQUE INDEX "Integration_registrationId_key" ON "Integration"("registrationId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "IntegrationDomain_integrationId_idx" ON "IntegrationDomain"("integrationId");
