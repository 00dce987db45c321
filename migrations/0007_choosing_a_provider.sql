CREATE TABLE "areas" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"district_id" uuid NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "assignment_starts" (
	"assignment_id" uuid PRIMARY KEY NOT NULL,
	"organisation_id" uuid NOT NULL,
	"received_at" timestamp (3) with time zone NOT NULL,
	"start_within_24_hours" boolean NOT NULL,
	"first_contact_at" timestamp (3) with time zone,
	"first_contact_by" text,
	"first_visit_at" timestamp (3) with time zone,
	"first_visit_by" text
);
--> statement-breakpoint
CREATE TABLE "individual_areas" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"individual_id" uuid NOT NULL,
	"area_code" text NOT NULL,
	"valid_from" date NOT NULL,
	"set_by" text NOT NULL,
	"set_by_organisation_id" uuid NOT NULL,
	"seq" bigserial NOT NULL,
	"set_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "provider_capacity_settings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"valid_from" date NOT NULL,
	"area_codes" text[] NOT NULL,
	"cap_hours_per_month" integer,
	"set_by" text NOT NULL,
	"set_by_organisation_id" uuid NOT NULL,
	"seq" bigserial NOT NULL,
	"set_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "provider_capacity_settings_cap" CHECK ("provider_capacity_settings"."cap_hours_per_month" is null or "provider_capacity_settings"."cap_hours_per_month" >= 0)
);
--> statement-breakpoint
CREATE TABLE "waiting_list_entries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"individual_id" uuid NOT NULL,
	"registered_on" date NOT NULL,
	"seq" bigserial NOT NULL,
	"via" text NOT NULL,
	"consent_id" uuid,
	"status" text DEFAULT 'waiting' NOT NULL,
	"closed_reason" text,
	"assignment_id" uuid,
	"registered_by" text NOT NULL,
	"registered_by_organisation_id" uuid NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "waiting_list_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"entry_id" uuid NOT NULL,
	"event" text NOT NULL,
	"actor_id" text NOT NULL,
	"actor_organisation_id" uuid NOT NULL,
	"reason" text,
	"occurred_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "areas" ADD CONSTRAINT "areas_district_id_organisations_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assignment_starts" ADD CONSTRAINT "assignment_starts_assignment_id_service_assignments_id_fk" FOREIGN KEY ("assignment_id") REFERENCES "public"."service_assignments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assignment_starts" ADD CONSTRAINT "assignment_starts_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "individual_areas" ADD CONSTRAINT "individual_areas_individual_id_individuals_id_fk" FOREIGN KEY ("individual_id") REFERENCES "public"."individuals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "individual_areas" ADD CONSTRAINT "individual_areas_area_code_areas_code_fk" FOREIGN KEY ("area_code") REFERENCES "public"."areas"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "provider_capacity_settings" ADD CONSTRAINT "provider_capacity_settings_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "waiting_list_entries" ADD CONSTRAINT "waiting_list_entries_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "waiting_list_entries" ADD CONSTRAINT "waiting_list_entries_individual_id_individuals_id_fk" FOREIGN KEY ("individual_id") REFERENCES "public"."individuals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "waiting_list_entries" ADD CONSTRAINT "waiting_list_entries_consent_id_consents_id_fk" FOREIGN KEY ("consent_id") REFERENCES "public"."consents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "waiting_list_entries" ADD CONSTRAINT "waiting_list_entries_assignment_id_service_assignments_id_fk" FOREIGN KEY ("assignment_id") REFERENCES "public"."service_assignments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "waiting_list_events" ADD CONSTRAINT "waiting_list_events_entry_id_waiting_list_entries_id_fk" FOREIGN KEY ("entry_id") REFERENCES "public"."waiting_list_entries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "assignment_starts_org_idx" ON "assignment_starts" USING btree ("organisation_id","received_at");--> statement-breakpoint
CREATE INDEX "individual_areas_individual_idx" ON "individual_areas" USING btree ("individual_id","valid_from","seq");--> statement-breakpoint
CREATE INDEX "provider_capacity_settings_org_idx" ON "provider_capacity_settings" USING btree ("organisation_id","valid_from","seq");--> statement-breakpoint
CREATE INDEX "waiting_list_entries_queue_idx" ON "waiting_list_entries" USING btree ("organisation_id","registered_on","seq");--> statement-breakpoint
CREATE INDEX "waiting_list_entries_individual_idx" ON "waiting_list_entries" USING btree ("individual_id");--> statement-breakpoint
CREATE UNIQUE INDEX "waiting_list_entries_open_unique" ON "waiting_list_entries" USING btree ("organisation_id","individual_id") WHERE "waiting_list_entries"."status" in ('waiting', 'offered');--> statement-breakpoint
CREATE INDEX "waiting_list_events_entry_idx" ON "waiting_list_events" USING btree ("entry_id","occurred_at");--> statement-breakpoint
-- History and event logs of choosing a provider are append-only: who set what, from which day, and every change of a
-- waiting-list entry stay as they were recorded. Corrections are new rows.
CREATE OR REPLACE FUNCTION choosing_a_provider_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER individual_areas_append_only BEFORE UPDATE OR DELETE ON individual_areas FOR EACH ROW EXECUTE FUNCTION choosing_a_provider_refuse_change();
--> statement-breakpoint
CREATE TRIGGER provider_capacity_settings_append_only BEFORE UPDATE OR DELETE ON provider_capacity_settings FOR EACH ROW EXECUTE FUNCTION choosing_a_provider_refuse_change();
--> statement-breakpoint
CREATE TRIGGER waiting_list_events_append_only BEFORE UPDATE OR DELETE ON waiting_list_events FOR EACH ROW EXECUTE FUNCTION choosing_a_provider_refuse_change();
--> statement-breakpoint
CREATE TRIGGER waiting_list_entries_no_delete BEFORE DELETE ON waiting_list_entries FOR EACH ROW EXECUTE FUNCTION choosing_a_provider_refuse_change();
