-- CreateTable
CREATE TABLE "ServiceRoute" (
    "serviceId" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "deploymentId" TEXT NOT NULL,
    "host" TEXT NOT NULL,
    "port" INTEGER NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ServiceRoute_pkey" PRIMARY KEY ("serviceId")
);

-- CreateIndex
CREATE UNIQUE INDEX "ServiceRoute_slug_key" ON "ServiceRoute"("slug");

-- AddForeignKey
ALTER TABLE "ServiceRoute" ADD CONSTRAINT "ServiceRoute_serviceId_fkey" FOREIGN KEY ("serviceId") REFERENCES "Service"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Every change to the routing table, whoever made it (a switch, a rollback, a service's cascade delete),
-- tells the traffic routers to read the table again; PostgreSQL delivers it on commit.
CREATE FUNCTION "berth_routes_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('berth_routes', '');
  RETURN NULL;
END
$$;

CREATE TRIGGER "ServiceRoute_changed" AFTER INSERT OR UPDATE OR DELETE ON "ServiceRoute" FOR EACH STATEMENT EXECUTE FUNCTION "berth_routes_changed"();
