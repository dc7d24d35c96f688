-- Claims, scopes and parameters per integration, group mappings (issue 16)
ALTER TABLE "Integration" ADD COLUMN "scopes" TEXT NOT NULL DEFAULT 'openid email profile';
ALTER TABLE "Integration" ADD COLUMN "authorizationParams" TEXT NOT NULL DEFAULT '';
ALTER TABLE "Integration" ADD COLUMN "emailClaim" TEXT NOT NULL DEFAULT 'email';
ALTER TABLE "Integration" ADD COLUMN "nameClaim" TEXT NOT NULL DEFAULT 'name';
ALTER TABLE "Integration" ADD COLUMN "groupsClaim" TEXT NOT NULL DEFAULT 'groups';
ALTER TABLE "Integration" ADD COLUMN "updateNameOnSignIn" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "Integration" ADD COLUMN "signInRequirement" TEXT NOT NULL DEFAULT '';

ALTER TABLE "SignInAttempt" ADD COLUMN "groups" TEXT;
ALTER TABLE "SignInAttempt" ADD COLUMN "userId" TEXT;

CREATE TABLE "IntegrationGroupMapping" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "integrationId" TEXT NOT NULL,
    "group" TEXT NOT NULL,
    "authorities" TEXT NOT NULL,
    "savedById" TEXT,
    "savedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "IntegrationGroupMapping_integrationId_fkey" FOREIGN KEY ("integrationId") REFERENCES "Integration" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE UNIQUE INDEX "IntegrationGroupMapping_integrationId_group_key" ON "IntegrationGroupMapping"("integrationId", "group");

PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_UserAuthority" (
    "userId" TEXT NOT NULL,
    "authority" TEXT NOT NULL,
    "grantedBy" TEXT NOT NULL DEFAULT '',

    PRIMARY KEY ("userId", "authority", "grantedBy"),
    CONSTRAINT "UserAuthority_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_UserAuthority" ("authority", "userId") SELECT "authority", "userId" FROM "UserAuthority";
DROP TABLE "UserAuthority";
ALTER TABLE "new_UserAuthority" RENAME TO "UserAuthority";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
