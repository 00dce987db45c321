-- Messages are immutable once sent (a reply is a new message) and the first acknowledgement of a group counts:
-- no role of the service may change or delete them.
CREATE OR REPLACE FUNCTION messages_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is immutable: % is not allowed', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER messages_immutable BEFORE UPDATE OR DELETE ON messages FOR EACH ROW EXECUTE FUNCTION messages_refuse_change();
--> statement-breakpoint
CREATE TRIGGER messages_no_truncate BEFORE TRUNCATE ON messages FOR EACH STATEMENT EXECUTE FUNCTION messages_refuse_change();
--> statement-breakpoint
CREATE TRIGGER message_recipients_immutable BEFORE UPDATE OR DELETE ON message_recipients FOR EACH ROW EXECUTE FUNCTION messages_refuse_change();
--> statement-breakpoint
CREATE TRIGGER message_recipients_no_truncate BEFORE TRUNCATE ON message_recipients FOR EACH STATEMENT EXECUTE FUNCTION messages_refuse_change();
--> statement-breakpoint
CREATE TRIGGER message_acknowledgements_immutable BEFORE UPDATE OR DELETE ON message_acknowledgements FOR EACH ROW EXECUTE FUNCTION messages_refuse_change();
