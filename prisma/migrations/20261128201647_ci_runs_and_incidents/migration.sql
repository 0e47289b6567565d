-- CreateEnum
CREATE TYPE "CiStatus" AS ENUM ('queued', 'in_progress', 'completed');

-- CreateEnum
CREATE TYPE "IncidentState" AS ENUM ('open', 'resolved');

-- CreateTable
CREATE TABLE "CiRun" (
    "id" TEXT NOT NULL,
    "connectionId" TEXT NOT NULL,
    "provider" "GitProvider" NOT NULL,
    "repository" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "attempt" INTEGER NOT NULL DEFAULT 1,
    "workflow" TEXT NOT NULL,
    "branch" TEXT,
    "commitSha" TEXT,
    "author" TEXT,
    "event" TEXT,
    "status" "CiStatus" NOT NULL,
    "conclusion" TEXT,
    "url" TEXT,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),
    "reportedAt" TIMESTAMP(3),
    "failedJobs" JSONB NOT NULL DEFAULT '[]',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CiRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Incident" (
    "id" TEXT NOT NULL,
    "connectionId" TEXT NOT NULL,
    "repository" TEXT NOT NULL,
    "workflow" TEXT NOT NULL,
    "branch" TEXT NOT NULL,
    "state" "IncidentState" NOT NULL DEFAULT 'open',
    "failures" INTEGER NOT NULL DEFAULT 1,
    "firstRunId" TEXT,
    "lastRunId" TEXT,
    "lastFailureStartedAt" TIMESTAMP(3),
    "openedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "resolvedAt" TIMESTAMP(3),
    "resolvedByRunId" TEXT,
    "resolvedByUserId" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Incident_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "CiRun_connectionId_workflow_branch_startedAt_idx" ON "CiRun"("connectionId", "workflow", "branch", "startedAt");

-- CreateIndex
CREATE UNIQUE INDEX "CiRun_connectionId_runId_key" ON "CiRun"("connectionId", "runId");

-- CreateIndex
CREATE INDEX "Incident_connectionId_state_openedAt_idx" ON "Incident"("connectionId", "state", "openedAt");

-- AddForeignKey
ALTER TABLE "CiRun" ADD CONSTRAINT "CiRun_connectionId_fkey" FOREIGN KEY ("connectionId") REFERENCES "RepositoryConnection"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Incident" ADD CONSTRAINT "Incident_connectionId_fkey" FOREIGN KEY ("connectionId") REFERENCES "RepositoryConnection"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Incident" ADD CONSTRAINT "Incident_firstRunId_fkey" FOREIGN KEY ("firstRunId") REFERENCES "CiRun"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Incident" ADD CONSTRAINT "Incident_lastRunId_fkey" FOREIGN KEY ("lastRunId") REFERENCES "CiRun"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Incident" ADD CONSTRAINT "Incident_resolvedByRunId_fkey" FOREIGN KEY ("resolvedByRunId") REFERENCES "CiRun"("id") ON DELETE SET NULL ON UPDATE CASCADE;


-- One open incident per connection, workflow and branch: concurrent failures of one workflow meet here.
CREATE UNIQUE INDEX "Incident_one_open_per_workflow_branch" ON "Incident"("connectionId", "workflow", "branch") WHERE "state" = 'open';
