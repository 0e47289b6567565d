-- DropIndex
DROP INDEX "WebhookDelivery_provider_deliveryId_idx";

-- AlterTable
ALTER TABLE "WebhookDelivery" ADD COLUMN     "replayOfId" TEXT;

-- AlterTable
ALTER TABLE "Deployment" ALTER COLUMN "commitSha" DROP NOT NULL;

-- CreateTable
CREATE TABLE "WorkflowEvent" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "data" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "dispatchedAt" TIMESTAMP(3),

    CONSTRAINT "WorkflowEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "WorkflowEvent_dispatchedAt_createdAt_idx" ON "WorkflowEvent"("dispatchedAt", "createdAt");

-- CreateIndex
CREATE INDEX "WebhookDelivery_serviceId_provider_deliveryId_idx" ON "WebhookDelivery"("serviceId", "provider", "deliveryId");

-- CreateIndex
CREATE INDEX "WebhookDelivery_receivedAt_idx" ON "WebhookDelivery"("receivedAt");


-- Dedupe that holds under concurrency, without locks: a second original delivery with the same id, or a
-- second active webhook deployment of the same commit, fails to insert (written by hand; Prisma's schema
-- language has no partial indexes).
CREATE UNIQUE INDEX "WebhookDelivery_original_delivery_key" ON "WebhookDelivery"("serviceId", "provider", "deliveryId")
  WHERE "deliveryId" IS NOT NULL AND "replayOfId" IS NULL AND "status" NOT IN ('duplicate', 'rejected');

CREATE UNIQUE INDEX "Deployment_active_webhook_commit_key" ON "Deployment"("serviceId", "commitSha")
  WHERE "commitSha" IS NOT NULL AND "status" IN ('queued', 'building', 'deploying', 'live') AND "trigger" IN ('webhook', 'replay', 'deploy_hook');
