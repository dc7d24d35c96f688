-- AlterTable
ALTER TABLE "ScimProvisioning" ADD COLUMN     "allowEmailChange" BOOLEAN NOT NULL DEFAULT false;
