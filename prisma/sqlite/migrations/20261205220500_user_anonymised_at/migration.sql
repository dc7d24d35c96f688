-- AlterTable
ALTER TABLE "User" ADD COLUMN "anonymisedAt" DATETIME;
