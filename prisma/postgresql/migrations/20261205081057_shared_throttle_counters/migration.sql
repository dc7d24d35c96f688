-- CreateTable
CREATE TABLE "ThrottleCounter" (
    "id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "failures" INTEGER NOT NULL DEFAULT 0,
    "windowStart" TIMESTAMP(3),
    "lastFailureAt" TIMESTAMP(3),
    "auditedAt" TIMESTAMP(3),

    CONSTRAINT "ThrottleCounter_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ThrottleCounter_lastFailureAt_idx" ON "ThrottleCounter"("lastFailureAt");
