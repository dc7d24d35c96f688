-- AlterTable
ALTER TABLE "IntegrationSecret" ADD COLUMN "certificatePem" TEXT;
