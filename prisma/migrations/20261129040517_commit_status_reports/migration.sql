-- CreateEnum
CREATE TYPE "CommitStatusReportOutcome" AS ENUM ('sent', 'refused', 'unreachable');

-- AlterTable
ALTER TABLE "Deployment" ADD COLUMN     "providerDeploymentId" TEXT;

-- CreateTable
CREATE TABLE "CommitStatusReport" (
    "id" TEXT NOT NULL,
    "deploymentId" TEXT NOT NULL,
    "provider" "GitProvider" NOT NULL,
    "state" TEXT NOT NULL,
    "outcome" "CommitStatusReportOutcome" NOT NULL,
    "detail" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CommitStatusReport_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "CommitStatusReport_deploymentId_createdAt_idx" ON "CommitStatusReport"("deploymentId", "createdAt");

-- AddForeignKey
ALTER TABLE "CommitStatusReport" ADD CONSTRAINT "CommitStatusReport_deploymentId_fkey" FOREIGN KEY ("deploymentId") REFERENCES "Deployment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

