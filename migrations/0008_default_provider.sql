CREATE TABLE "default_provider_allocations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"seq" bigserial NOT NULL,
	"individual_id" uuid NOT NULL,
	"district_id" uuid NOT NULL,
	"area_code" text NOT NULL,
	"policy_id" uuid NOT NULL,
	"outcome" text NOT NULL,
	"organisation_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	"assignment_id" uuid NOT NULL,
	"start_date" date NOT NULL,
	"requested_by" text NOT NULL,
	"requested_by_organisation_id" uuid NOT NULL,
	"allocated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "default_provider_participations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"area_code" text NOT NULL,
	"participates" text NOT NULL,
	"unit_id" uuid,
	"valid_from" date NOT NULL,
	"set_by" text NOT NULL,
	"set_by_organisation_id" uuid NOT NULL,
	"seq" bigserial NOT NULL,
	"set_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "default_provider_policies" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"valid_from" date NOT NULL,
	"model" text NOT NULL,
	"participation" text,
	"criteria" text[] DEFAULT '{}'::text[] NOT NULL,
	"qualification_months" integer,
	"description" text DEFAULT '' NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "default_provider_policies_valid_from_unique" UNIQUE("valid_from"),
	CONSTRAINT "default_provider_policies_shape" CHECK (("default_provider_policies"."model" = 'municipal' and "default_provider_policies"."participation" is null) or ("default_provider_policies"."model" = 'rotation' and "default_provider_policies"."participation" is not null)),
	CONSTRAINT "default_provider_policies_months" CHECK ("default_provider_policies"."qualification_months" is null or "default_provider_policies"."qualification_months" between 1 and 120)
);
--> statement-breakpoint
CREATE TABLE "default_provider_qualifications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"event" text NOT NULL,
	"effective_on" date NOT NULL,
	"criteria_met" text[] DEFAULT '{}'::text[] NOT NULL,
	"reason" text,
	"recorded_by" text NOT NULL,
	"recorded_by_organisation_id" uuid NOT NULL,
	"seq" bigserial NOT NULL,
	"recorded_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "default_provider_qualifications_reason" CHECK ("default_provider_qualifications"."event" = 'approved' or "default_provider_qualifications"."reason" is not null)
);
--> statement-breakpoint
CREATE TABLE "default_provider_skips" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"allocation_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"reason" text NOT NULL,
	"detail" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "default_provider_allocations" ADD CONSTRAINT "default_provider_allocations_individual_id_individuals_id_fk" FOREIGN KEY ("individual_id") REFERENCES "public"."individuals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "default_provider_allocations" ADD CONSTRAINT "default_provider_allocations_district_id_organisations_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "default_provider_allocations" ADD CONSTRAINT "default_provider_allocations_area_code_areas_code_fk" FOREIGN KEY ("area_code") REFERENCES "public"."areas"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "default_provider_allocations" ADD CONSTRAINT "default_provider_allocations_policy_id_default_provider_policies_id_fk" FOREIGN KEY ("policy_id") REFERENCES "public"."default_provider_policies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "default_provider_allocations" ADD CONSTRAINT "default_provider_allocations_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "default_provider_allocations" ADD CONSTRAINT "default_provider_allocations_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "default_provider_allocations" ADD CONSTRAINT "default_provider_allocations_assignment_id_service_assignments_id_fk" FOREIGN KEY ("assignment_id") REFERENCES "public"."service_assignments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "default_provider_participations" ADD CONSTRAINT "default_provider_participations_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "default_provider_participations" ADD CONSTRAINT "default_provider_participations_area_code_areas_code_fk" FOREIGN KEY ("area_code") REFERENCES "public"."areas"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "default_provider_participations" ADD CONSTRAINT "default_provider_participations_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "default_provider_qualifications" ADD CONSTRAINT "default_provider_qualifications_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "default_provider_skips" ADD CONSTRAINT "default_provider_skips_allocation_id_default_provider_allocations_id_fk" FOREIGN KEY ("allocation_id") REFERENCES "public"."default_provider_allocations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "default_provider_skips" ADD CONSTRAINT "default_provider_skips_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "default_provider_allocations_area_idx" ON "default_provider_allocations" USING btree ("area_code","organisation_id","seq");--> statement-breakpoint
CREATE INDEX "default_provider_allocations_time_idx" ON "default_provider_allocations" USING btree ("allocated_at","id");--> statement-breakpoint
CREATE INDEX "default_provider_allocations_individual_idx" ON "default_provider_allocations" USING btree ("individual_id");--> statement-breakpoint
CREATE INDEX "default_provider_participations_area_idx" ON "default_provider_participations" USING btree ("area_code","organisation_id","valid_from","seq");--> statement-breakpoint
CREATE INDEX "default_provider_qualifications_org_idx" ON "default_provider_qualifications" USING btree ("organisation_id","effective_on","seq");--> statement-breakpoint
CREATE INDEX "default_provider_skips_allocation_idx" ON "default_provider_skips" USING btree ("allocation_id","position");--> statement-breakpoint
-- hand-written below
-- Ickevalsalternativ: the histories, the allocations and the skips are append-only (likabehandling must be shown
-- from what was recorded, never from what was later changed). Policies are new rows with a later validFrom.
CREATE OR REPLACE FUNCTION default_provider_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER default_provider_policies_append_only BEFORE UPDATE OR DELETE ON default_provider_policies FOR EACH ROW EXECUTE FUNCTION default_provider_refuse_change();
--> statement-breakpoint
CREATE TRIGGER default_provider_qualifications_append_only BEFORE UPDATE OR DELETE ON default_provider_qualifications FOR EACH ROW EXECUTE FUNCTION default_provider_refuse_change();
--> statement-breakpoint
CREATE TRIGGER default_provider_participations_append_only BEFORE UPDATE OR DELETE ON default_provider_participations FOR EACH ROW EXECUTE FUNCTION default_provider_refuse_change();
--> statement-breakpoint
CREATE TRIGGER default_provider_allocations_append_only BEFORE UPDATE OR DELETE ON default_provider_allocations FOR EACH ROW EXECUTE FUNCTION default_provider_refuse_change();
--> statement-breakpoint
CREATE TRIGGER default_provider_skips_append_only BEFORE UPDATE OR DELETE ON default_provider_skips FOR EACH ROW EXECUTE FUNCTION default_provider_refuse_change();
--> statement-breakpoint
-- The city's rules (förfrågningsunderlaget 1.8.3; EKU's information 2019-01-28): Göteborgs Stads hemtjänst is the
-- default to and including 2019; from 2020-01-01 a rotation among private providers judged a full alternative.
-- (decision) The model was left to KF: voluntary opt-in and a 12-month approval are this project's defaults; the
-- contract unit adds a later policy row through POST /v1/default-provider/policies when KF decides otherwise.
INSERT INTO "default_provider_policies" ("valid_from", "model", "participation", "criteria", "qualification_months", "description", "created_by") VALUES
  ('2009-01-01', 'municipal', NULL, '{}', NULL, 'Ickevalsalternativ: Göteborgs Stads hemtjänst (egen regi) till och med 2019.', 'migration'),
  ('2020-01-01', 'rotation', 'voluntary', '{"Bedömd som fullgott alternativ av avtalsenheten (EKU)","Avtal enligt LOV i kraft","Kvalitetskriterier fastställda av kommunfullmäktige uppfyllda"}', 12, 'Turordning bland privata utförare som bedöms vara ett fullgott alternativ, från 2020-01-01.', 'migration')
ON CONFLICT ("valid_from") DO NOTHING;
