-- CreateTable
CREATE TABLE "ThrottleCounter" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "kind" TEXT NOT NULL,
    "failures" INTEGER NOT NULL DEFAULT 0,
    "windowStart" DATETIME,
    "lastFailureAt" DATETIME,
    "auditedAt" DATETIME
);

-- CreateIndex
CREATE INDEX "ThrottleCounter_lastFailureAt_idx" ON "ThrottleCounter"("lastFailureAt");
