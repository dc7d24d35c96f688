-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_ScimProvisioning" (
    "integrationId" TEXT NOT NULL PRIMARY KEY,
    "tokenHash" TEXT NOT NULL,
    "tokenPrefix" TEXT NOT NULL,
    "tokenUsedAt" DATETIME,
    "previousTokenHash" TEXT,
    "previousValidUntil" DATETIME,
    "createdById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "rotatedAt" DATETIME,
    "lastCallAt" DATETIME,
    "allowEmailChange" BOOLEAN NOT NULL DEFAULT false,
    CONSTRAINT "ScimProvisioning_integrationId_fkey" FOREIGN KEY ("integrationId") REFERENCES "Integration" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_ScimProvisioning" ("createdAt", "createdById", "integrationId", "lastCallAt", "previousTokenHash", "previousValidUntil", "rotatedAt", "tokenHash", "tokenPrefix", "tokenUsedAt") SELECT "createdAt", "createdById", "integrationId", "lastCallAt", "previousTokenHash", "previousValidUntil", "rotatedAt", "tokenHash", "tokenPrefix", "tokenUsedAt" FROM "ScimProvisioning";
DROP TABLE "ScimProvisioning";
ALTER TABLE "new_ScimProvisioning" RENAME TO "ScimProvisioning";
CREATE UNIQUE INDEX "ScimProvisioning_tokenHash_key" ON "ScimProvisioning"("tokenHash");
CREATE UNIQUE INDEX "ScimProvisioning_previousTokenHash_key" ON "ScimProvisioning"("previousTokenHash");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

