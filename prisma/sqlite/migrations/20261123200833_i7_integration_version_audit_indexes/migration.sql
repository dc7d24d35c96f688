-- DropIndex
DROP INDEX "AuditEvent_targetType_targetId_idx";

-- DropIndex
DROP INDEX "AuditEvent_createdAt_idx";

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
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
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdById" TEXT,
    "createdByEmail" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "lastSignInAt" DATETIME,
    "lastFailureAt" DATETIME,
    "lastFailureCode" TEXT
);
INSERT INTO "new_Integration" ("authorizationUrl", "clientAuthMethod", "clientId", "clientSecretSealed", "createdAt", "createdByEmail", "createdById", "enabled", "id", "issuer", "jwksUri", "lastFailureAt", "lastFailureCode", "lastSignInAt", "loginButtonText", "provider", "registrationId", "showOnSignInScreen", "tokenUri", "trustEmailAddresses", "updatedAt", "userInfoUri") SELECT "authorizationUrl", "clientAuthMethod", "clientId", "clientSecretSealed", "createdAt", "createdByEmail", "createdById", "enabled", "id", "issuer", "jwksUri", "lastFailureAt", "lastFailureCode", "lastSignInAt", "loginButtonText", "provider", "registrationId", "showOnSignInScreen", "tokenUri", "trustEmailAddresses", "updatedAt", "userInfoUri" FROM "Integration";
DROP TABLE "Integration";
ALTER TABLE "new_Integration" RENAME TO "Integration";
CREATE UNIQUE INDEX "Integration_registrationId_key" ON "Integration"("registrationId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "AuditEvent_createdAt_id_idx" ON "AuditEvent"("createdAt", "id");

-- CreateIndex
CREATE INDEX "AuditEvent_action_createdAt_id_idx" ON "AuditEvent"("action", "createdAt", "id");

-- CreateIndex
CREATE INDEX "AuditEvent_actorEmail_createdAt_id_idx" ON "AuditEvent"("actorEmail", "createdAt", "id");

-- CreateIndex
CREATE INDEX "AuditEvent_targetType_targetId_createdAt_id_idx" ON "AuditEvent"("targetType", "targetId", "createdAt", "id");
