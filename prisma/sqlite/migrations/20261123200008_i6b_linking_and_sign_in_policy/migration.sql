-- AlterTable
ALTER TABLE "Integration" ADD COLUMN "identityConfiguredById" TEXT;

-- Existing integrations: their creator is the admin who set their identity-relevant settings.
UPDATE "Integration" SET "identityConfiguredById" = "createdById";

-- CreateTable
CREATE TABLE "SignInPolicy" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "requireSso" BOOLEAN NOT NULL DEFAULT false,
    "updatedById" TEXT,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "BreakGlassAccount" (
    "userId" TEXT NOT NULL PRIMARY KEY,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "BreakGlassAccount_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
