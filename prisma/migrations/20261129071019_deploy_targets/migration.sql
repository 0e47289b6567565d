-- CreateEnum
CREATE TYPE "DeployTargetKind" AS ENUM ('docker', 'swarm', 'portainer');

-- AlterTable
ALTER TABLE "Service" ADD COLUMN     "portainerStackId" INTEGER,
ADD COLUMN     "replicas" INTEGER NOT NULL DEFAULT 1,
ADD COLUMN     "target" "DeployTargetKind" NOT NULL DEFAULT 'docker';

-- AlterTable: a route leads to one or more upstreams; existing routes keep theirs.
ALTER TABLE "ServiceRoute" ADD COLUMN "upstreams" JSONB;
UPDATE "ServiceRoute" SET "upstreams" = jsonb_build_array(jsonb_build_object('host', "host", 'port', "port"));
ALTER TABLE "ServiceRoute" ALTER COLUMN "upstreams" SET NOT NULL,
DROP COLUMN "host",
DROP COLUMN "port";

