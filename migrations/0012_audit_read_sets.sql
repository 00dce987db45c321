CREATE TABLE "audit_event_individuals" (
	"event_id" uuid NOT NULL,
	"individual_id" uuid NOT NULL,
	CONSTRAINT "audit_event_individuals_pk" PRIMARY KEY("event_id","individual_id")
);
--> statement-breakpoint
ALTER TABLE "audit_events" ADD COLUMN "individual_count" integer;--> statement-breakpoint
CREATE INDEX "audit_event_individuals_individual_idx" ON "audit_event_individuals" USING btree ("individual_id");--> statement-breakpoint
-- hand-written below
-- One function for every append-only table from here on (the earlier migrations each wrote their own, with the same
-- body; their triggers keep them).
CREATE OR REPLACE FUNCTION refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER audit_event_individuals_append_only BEFORE UPDATE OR DELETE ON audit_event_individuals FOR EACH ROW EXECUTE FUNCTION refuse_change();
--> statement-breakpoint
CREATE TRIGGER audit_event_individuals_no_truncate BEFORE TRUNCATE ON audit_event_individuals FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
--> statement-breakpoint
-- The access log as the auditor reads it: one row per individual read. An entry of its own as it is; an entry that
-- read many once per individual. entry_key makes (occurred_at, id, entry_key) unique, for paging.
CREATE VIEW access_log AS
  SELECT e.id, e.occurred_at, e.actor_id, e.actor_organisation_id, e.actor_roles, e.action, e.individual_id,
         e.resource_type, e.resource_id, e.request_id, '00000000-0000-0000-0000-000000000000'::uuid AS entry_key
  FROM audit_events e
  WHERE e.individual_count IS NULL
  UNION ALL
  SELECT e.id, e.occurred_at, e.actor_id, e.actor_organisation_id, e.actor_roles, e.action, r.individual_id,
         e.resource_type, e.resource_id, e.request_id, r.individual_id AS entry_key
  FROM audit_events e
  JOIN audit_event_individuals r ON r.event_id = e.id
  WHERE e.individual_count IS NOT NULL;
