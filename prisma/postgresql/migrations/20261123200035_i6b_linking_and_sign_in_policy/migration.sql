-- AlterTable
ALTER TABLE "Integration" ADD COLUMN     "identityConfiguredById" TEXT;

-- Existing integrations: their creator is the admin who set their identity-relevant settings.
UPDATE "Integration" SET "identityConfiguredById" = "createdById";

-- CreateTable
CREATE TABLE "SignInPolicy" (
    "id" INTEGER NOT NULL,
    "requireSso" BOOLEAN NOT NULL DEFAULT false,
    "updatedById" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SignInPolicy_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BreakGlassAccount" (
    "userId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "BreakGlassAccount_pkey" PRIMARY KEY ("userId")
);

-- AddForeignKey
ALTER TABLE "BreakGlassAccount" ADD CONSTRAINT "BreakGlassAccount_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
