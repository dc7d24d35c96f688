-- AlterTable
ALTER TABLE "User" ADD COLUMN     "scimRemovedById" TEXT;

-- AddForeignKey
ALTER TABLE "User" ADD CONSTRAINT "User_scimRemovedById_fkey" FOREIGN KEY ("scimRemovedById") REFERENCES "Integration"("id") ON DELETE SET NULL ON UPDATE CASCADE;
