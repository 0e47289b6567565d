-- CI-only connections: a connection may have no service, so it carries its owner itself.
ALTER TABLE "RepositoryConnection" ADD COLUMN "ownerId" TEXT,
ALTER COLUMN "serviceId" DROP NOT NULL;

-- Every existing connection belongs to its service's owner (written by hand: Prisma would add the column NOT NULL
-- on a table that has rows).
UPDATE "RepositoryConnection" c SET "ownerId" = s."ownerId" FROM "Service" s WHERE s.id = c."serviceId";
ALTER TABLE "RepositoryConnection" ALTER COLUMN "ownerId" SET NOT NULL;

-- CreateIndex
CREATE INDEX "RepositoryConnection_ownerId_idx" ON "RepositoryConnection"("ownerId");

-- AddForeignKey
ALTER TABLE "RepositoryConnection" ADD CONSTRAINT "RepositoryConnection_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The same dedupe as WebhookDelivery_original_delivery_key for deliveries no service claims (a CI-only
-- connection's): one original delivery per connection, provider and delivery id.
CREATE UNIQUE INDEX "WebhookDelivery_original_connection_delivery_key" ON "WebhookDelivery"("connectionId", "provider", "deliveryId")
  WHERE "serviceId" IS NULL AND "connectionId" IS NOT NULL AND "deliveryId" IS NOT NULL AND "replayOfId" IS NULL AND "status" NOT IN ('duplicate', 'rejected');
