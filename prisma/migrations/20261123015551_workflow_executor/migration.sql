-- CreateEnum
CREATE TYPE "WorkflowRunStatus" AS ENUM ('running', 'completed', 'failed', 'cancelled');

-- AlterTable
ALTER TABLE "Service" ADD COLUMN     "cpuLimit" DOUBLE PRECISION,
ADD COLUMN     "memoryLimitMb" INTEGER;

-- CreateTable
CREATE TABLE "WorkflowRun" (
    "id" TEXT NOT NULL,
    "functionId" TEXT NOT NULL,
    "status" "WorkflowRunStatus" NOT NULL DEFAULT 'running',
    "event" JSONB NOT NULL,
    "maxAttempts" INTEGER NOT NULL,
    "disableImmediate" BOOLEAN NOT NULL DEFAULT false,
    "concurrencyKey" TEXT,
    "output" JSONB,
    "error" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "endedAt" TIMESTAMP(3),

    CONSTRAINT "WorkflowRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WorkflowStep" (
    "runId" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "seq" BIGSERIAL NOT NULL,
    "result" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "WorkflowStep_pkey" PRIMARY KEY ("runId","hash")
);

-- CreateTable
CREATE TABLE "WorkflowJob" (
    "id" BIGSERIAL NOT NULL,
    "runId" TEXT NOT NULL,
    "kind" TEXT NOT NULL DEFAULT 'call',
    "stepId" TEXT NOT NULL DEFAULT 'step',
    "attempt" INTEGER NOT NULL DEFAULT 0,
    "runAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lockedUntil" TIMESTAMP(3),
    "lockedBy" TEXT,

    CONSTRAINT "WorkflowJob_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "WorkflowRun_functionId_status_idx" ON "WorkflowRun"("functionId", "status");

-- CreateIndex
CREATE INDEX "WorkflowJob_runAt_idx" ON "WorkflowJob"("runAt");

-- CreateIndex
CREATE INDEX "WorkflowJob_runId_idx" ON "WorkflowJob"("runId");

-- AddForeignKey
ALTER TABLE "WorkflowStep" ADD CONSTRAINT "WorkflowStep_runId_fkey" FOREIGN KEY ("runId") REFERENCES "WorkflowRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WorkflowJob" ADD CONSTRAINT "WorkflowJob_runId_fkey" FOREIGN KEY ("runId") REFERENCES "WorkflowRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;

