-- CreateEnum
CREATE TYPE "PreviewState" AS ENUM ('awaiting_approval', 'active', 'stopped', 'closed');

-- AlterTable
ALTER TABLE "Service" ADD COLUMN     "maxPreviews" INTEGER NOT NULL DEFAULT 3,
ADD COLUMN     "previewEnvVarsEncrypted" TEXT,
ADD COLUMN     "previewOfId" TEXT,
ADD COLUMN     "previewsEnabled" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "sharedEnvKeys" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- CreateTable
CREATE TABLE "Preview" (
    "id" TEXT NOT NULL,
    "serviceId" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "author" TEXT NOT NULL,
    "headSha" TEXT,
    "headRef" TEXT NOT NULL,
    "headRepository" TEXT NOT NULL,
    "fromFork" BOOLEAN NOT NULL,
    "approvalReason" TEXT,
    "state" "PreviewState" NOT NULL,
    "approvedById" TEXT,
    "approvedSha" TEXT,
    "previewServiceId" TEXT,
    "commentId" TEXT,
    "commentError" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "closedAt" TIMESTAMP(3),

    CONSTRAINT "Preview_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Preview_previewServiceId_key" ON "Preview"("previewServiceId");

-- CreateIndex
CREATE UNIQUE INDEX "Preview_serviceId_number_key" ON "Preview"("serviceId", "number");

-- AddForeignKey
ALTER TABLE "Service" ADD CONSTRAINT "Service_previewOfId_fkey" FOREIGN KEY ("previewOfId") REFERENCES "Service"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Preview" ADD CONSTRAINT "Preview_serviceId_fkey" FOREIGN KEY ("serviceId") REFERENCES "Service"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Preview" ADD CONSTRAINT "Preview_previewServiceId_fkey" FOREIGN KEY ("previewServiceId") REFERENCES "Service"("id") ON DELETE SET NULL ON UPDATE CASCADE;

