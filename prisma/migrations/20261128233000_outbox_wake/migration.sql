-- Wake the executors the moment a workflow event commits, whoever wrote it (the webhook hot path's single
-- statement, Prisma, a batch): a statement-level trigger sends the live channel's "outbox" hint, which
-- PostgreSQL delivers on commit. The executors still poll, so a missed hint only costs the poll interval.
CREATE FUNCTION "berth_outbox_wake"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('berth_live', '{"type":"outbox"}');
  RETURN NULL;
END
$$;

CREATE TRIGGER "WorkflowEvent_wake" AFTER INSERT ON "WorkflowEvent" FOR EACH STATEMENT EXECUTE FUNCTION "berth_outbox_wake"();
