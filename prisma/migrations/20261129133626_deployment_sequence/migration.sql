-- The order deployments were requested in: rows written by one statement (a group commit of deliveries) share
-- "createdAt", so "a newer push wins" goes by this instead.
ALTER TABLE "Deployment" ADD COLUMN     "sequence" BIGSERIAL NOT NULL;

-- A new BIGSERIAL column numbers existing rows in storage order: renumber them in the order they were requested.
UPDATE "Deployment" d SET "sequence" = ordered.n
FROM (SELECT id, row_number() OVER (ORDER BY "createdAt", id) AS n FROM "Deployment") ordered
WHERE ordered.id = d.id;
SELECT setval(pg_get_serial_sequence('"Deployment"', 'sequence'), (SELECT coalesce(max("sequence"), 0) + 1 FROM "Deployment"), false);

-- CreateIndex
CREATE INDEX "Deployment_serviceId_sequence_idx" ON "Deployment"("serviceId", "sequence");
