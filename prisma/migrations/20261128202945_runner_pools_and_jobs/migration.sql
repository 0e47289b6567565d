-- CreateEnum
CREATE TYPE "RunnerJobStatus" AS ENUM ('pending', 'starting', 'running', 'completed', 'cancelled', 'unmatched', 'failed');

-- CreateTable
CREATE TABLE "RunnerPool" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "labels" TEXT[],
    "image" TEXT NOT NULL DEFAULT 'ghcr.io/actions/actions-runner:latest',
    "maxRunners" INTEGER NOT NULL DEFAULT 2,
    "idleTtlSeconds" INTEGER NOT NULL DEFAULT 300,
    "memoryMb" INTEGER,
    "cpus" DOUBLE PRECISION,
    "repositories" TEXT[],
    "priorityRules" JSONB NOT NULL DEFAULT '[]',
    "orgWide" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RunnerPool_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RunnerJob" (
    "id" TEXT NOT NULL,
    "connectionId" TEXT NOT NULL,
    "repository" TEXT NOT NULL,
    "jobId" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "labels" TEXT[],
    "branch" TEXT,
    "poolId" TEXT,
    "priority" INTEGER NOT NULL DEFAULT 0,
    "status" "RunnerJobStatus" NOT NULL DEFAULT 'pending',
    "reason" TEXT,
    "runnerName" TEXT,
    "containerId" TEXT,
    "conclusion" TEXT,
    "queuedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMP(3),
    "busyAt" TIMESTAMP(3),
    "completedAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RunnerJob_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "RunnerPool_name_key" ON "RunnerPool"("name");

-- CreateIndex
CREATE INDEX "RunnerJob_poolId_status_priority_queuedAt_idx" ON "RunnerJob"("poolId", "status", "priority", "queuedAt");

-- CreateIndex
CREATE INDEX "RunnerJob_status_queuedAt_idx" ON "RunnerJob"("status", "queuedAt");

-- CreateIndex
CREATE UNIQUE INDEX "RunnerJob_connectionId_jobId_key" ON "RunnerJob"("connectionId", "jobId");

-- AddForeignKey
ALTER TABLE "RunnerJob" ADD CONSTRAINT "RunnerJob_connectionId_fkey" FOREIGN KEY ("connectionId") REFERENCES "RepositoryConnection"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RunnerJob" ADD CONSTRAINT "RunnerJob_poolId_fkey" FOREIGN KEY ("poolId") REFERENCES "RunnerPool"("id") ON DELETE SET NULL ON UPDATE CASCADE;

