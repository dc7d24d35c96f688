-- DropIndex
DROP INDEX "AuditEvent_targetType_targetId_idx";

-- DropIndex
DROP INDEX "AuditEvent_createdAt_idx";

-- AlterTable (a plain ADD COLUMN: a table rebuild here would drop columns that other migrations add)
ALTER TABLE "Integration" ADD COLUMN "version" INTEGER NOT NULL DEFAULT 1;

-- CreateIndex
CREATE INDEX "AuditEvent_createdAt_id_idx" ON "AuditEvent"("createdAt", "id");

-- CreateIndex
CREATE INDEX "AuditEvent_action_createdAt_id_idx" ON "AuditEvent"("action", "createdAt", "id");

-- CreateIndex
CREATE INDEX "AuditEvent_actorEmail_createdAt_id_idx" ON "AuditEvent"("actorEmail", "createdAt", "id");

-- CreateIndex
CREATE INDEX "AuditEvent_targetType_targetId_createdAt_id_idx" ON "AuditEvent"("targetType", "targetId", "createdAt", "id");
