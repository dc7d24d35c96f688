-- Claims, scopes and parameters per integration, group mappings (issue 16)
ALTER TABLE "Integration" ADD COLUMN "scopes" TEXT NOT NULL DEFAULT 'openid email profile',
ADD COLUMN "authorizationParams" TEXT NOT NULL DEFAULT '',
ADD COLUMN "emailClaim" TEXT NOT NULL DEFAULT 'email',
ADD COLUMN "nameClaim" TEXT NOT NULL DEFAULT 'name',
ADD COLUMN "groupsClaim" TEXT NOT NULL DEFAULT 'groups',
ADD COLUMN "updateNameOnSignIn" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN "signInRequirement" TEXT NOT NULL DEFAULT '';

ALTER TABLE "SignInAttempt" ADD COLUMN "groups" TEXT,
ADD COLUMN "userId" TEXT;

CREATE TABLE "IntegrationGroupMapping" (
    "id" TEXT NOT NULL,
    "integrationId" TEXT NOT NULL,
    "group" TEXT NOT NULL,
    "authorities" TEXT NOT NULL,
    "savedById" TEXT,
    "savedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "IntegrationGroupMapping_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "IntegrationGroupMapping_integrationId_group_key" ON "IntegrationGroupMapping"("integrationId", "group");
ALTER TABLE "IntegrationGroupMapping" ADD CONSTRAINT "IntegrationGroupMapping_integrationId_fkey" FOREIGN KEY ("integrationId") REFERENCES "Integration"("id") ON DELETE CASCADE ON UPDATE CASCADE;

ALTER TABLE "UserAuthority" ADD COLUMN "grantedBy" TEXT NOT NULL DEFAULT '';
ALTER TABLE "UserAuthority" DROP CONSTRAINT "UserAuthority_pkey",
ADD CONSTRAINT "UserAuthority_pkey" PRIMARY KEY ("userId", "authority", "grantedBy");
