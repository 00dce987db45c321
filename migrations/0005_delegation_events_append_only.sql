-- A delegation's changes are documented with who and when (SOSFS 1997:14): the event log is append-only, no role
-- of the service may change or delete an entry. Corrections are new events.
CREATE OR REPLACE FUNCTION delegation_events_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'delegation_events is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER delegation_events_append_only
  BEFORE UPDATE OR DELETE ON delegation_events
  FOR EACH ROW EXECUTE FUNCTION delegation_events_refuse_change();
--> statement-breakpoint
CREATE TRIGGER delegation_events_no_truncate
  BEFORE TRUNCATE ON delegation_events
  FOR EACH STATEMENT EXECUTE FUNCTION delegation_events_refuse_change();
