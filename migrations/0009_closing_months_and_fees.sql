CREATE TYPE "public"."fee_component" AS ENUM('hourly', 'monthly_ceiling', 'alarm_monthly');--> statement-breakpoint
CREATE TABLE "closed_fee_lines" (
	"closing_id" uuid NOT NULL,
	"individual_id" uuid NOT NULL,
	"district_id" uuid NOT NULL,
	"line_json" text NOT NULL,
	CONSTRAINT "closed_fee_lines_pk" PRIMARY KEY("closing_id","individual_id")
);
--> statement-breakpoint
CREATE TABLE "closed_statements" (
	"closing_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"organisation_name" text NOT NULL,
	"statement_json" text NOT NULL,
	"amount_ore" bigint NOT NULL,
	"content_hash" text NOT NULL,
	CONSTRAINT "closed_statements_pk" PRIMARY KEY("closing_id","organisation_id")
);
--> statement-breakpoint
CREATE TABLE "compensation_adjustments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"closing_id" uuid NOT NULL,
	"closed_month" text NOT NULL,
	"month" text NOT NULL,
	"organisation_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	"individual_id" uuid NOT NULL,
	"reporting_system" text NOT NULL,
	"external_id" text NOT NULL,
	"old_time_report_id" uuid,
	"old_version" integer,
	"new_time_report_id" uuid NOT NULL,
	"new_version" integer NOT NULL,
	"normal_seconds_delta" integer NOT NULL,
	"inconvenient_seconds_delta" integer NOT NULL,
	"amount_ore" bigint NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "compensation_closings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"month" text NOT NULL,
	"closed_by" text NOT NULL,
	"closed_by_organisation_id" uuid NOT NULL,
	"closed_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"content_hash" text NOT NULL,
	"fees_frozen" boolean NOT NULL,
	"fee_rates_json" text,
	"reopened_by" text,
	"reopened_at" timestamp (3) with time zone,
	"reopen_reason" text,
	CONSTRAINT "compensation_closings_month" CHECK ("compensation_closings"."month" ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
	CONSTRAINT "compensation_closings_reopen" CHECK (("compensation_closings"."reopened_at" is null) = ("compensation_closings"."reopen_reason" is null))
);
--> statement-breakpoint
CREATE TABLE "fee_rates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"component" "fee_component" NOT NULL,
	"valid_from" date NOT NULL,
	"amount_ore" integer NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "fee_rates_component_from_unique" UNIQUE("component","valid_from"),
	CONSTRAINT "fee_rates_first_of_month" CHECK (extract(day from "fee_rates"."valid_from") = 1),
	CONSTRAINT "fee_rates_non_negative" CHECK ("fee_rates"."amount_ore" >= 0)
);
--> statement-breakpoint
CREATE TABLE "individual_fee_ceilings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"individual_id" uuid NOT NULL,
	"valid_from" date NOT NULL,
	"valid_to" date,
	"monthly_ore" integer NOT NULL,
	"recorded_by" text NOT NULL,
	"recorded_by_organisation_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "individual_fee_ceilings_dates" CHECK ("individual_fee_ceilings"."valid_to" is null or "individual_fee_ceilings"."valid_to" >= "individual_fee_ceilings"."valid_from"),
	CONSTRAINT "individual_fee_ceilings_non_negative" CHECK ("individual_fee_ceilings"."monthly_ore" >= 0)
);
--> statement-breakpoint
ALTER TABLE "closed_fee_lines" ADD CONSTRAINT "closed_fee_lines_closing_id_compensation_closings_id_fk" FOREIGN KEY ("closing_id") REFERENCES "public"."compensation_closings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "closed_fee_lines" ADD CONSTRAINT "closed_fee_lines_individual_id_individuals_id_fk" FOREIGN KEY ("individual_id") REFERENCES "public"."individuals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "closed_statements" ADD CONSTRAINT "closed_statements_closing_id_compensation_closings_id_fk" FOREIGN KEY ("closing_id") REFERENCES "public"."compensation_closings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "closed_statements" ADD CONSTRAINT "closed_statements_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "compensation_adjustments" ADD CONSTRAINT "compensation_adjustments_closing_id_compensation_closings_id_fk" FOREIGN KEY ("closing_id") REFERENCES "public"."compensation_closings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "compensation_adjustments" ADD CONSTRAINT "compensation_adjustments_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "compensation_adjustments" ADD CONSTRAINT "compensation_adjustments_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "compensation_adjustments" ADD CONSTRAINT "compensation_adjustments_individual_id_individuals_id_fk" FOREIGN KEY ("individual_id") REFERENCES "public"."individuals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "compensation_adjustments" ADD CONSTRAINT "compensation_adjustments_old_time_report_id_time_reports_id_fk" FOREIGN KEY ("old_time_report_id") REFERENCES "public"."time_reports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "compensation_adjustments" ADD CONSTRAINT "compensation_adjustments_new_time_report_id_time_reports_id_fk" FOREIGN KEY ("new_time_report_id") REFERENCES "public"."time_reports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "individual_fee_ceilings" ADD CONSTRAINT "individual_fee_ceilings_individual_id_individuals_id_fk" FOREIGN KEY ("individual_id") REFERENCES "public"."individuals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "closed_fee_lines_district_idx" ON "closed_fee_lines" USING btree ("closing_id","district_id");--> statement-breakpoint
CREATE INDEX "compensation_adjustments_month_idx" ON "compensation_adjustments" USING btree ("month","organisation_id");--> statement-breakpoint
CREATE INDEX "compensation_adjustments_closing_idx" ON "compensation_adjustments" USING btree ("closing_id");--> statement-breakpoint
CREATE UNIQUE INDEX "compensation_closings_month_in_force" ON "compensation_closings" USING btree ("month") WHERE "compensation_closings"."reopened_at" is null;--> statement-breakpoint
CREATE INDEX "individual_fee_ceilings_individual_idx" ON "individual_fee_ceilings" USING btree ("individual_id","valid_from");--> statement-breakpoint
-- hand-written below
-- The individual's fee (avgift) from 2020: 213 SEK per performed hour of home care, at most 2 125 SEK a month
-- (maxtaxa). The safety-alarm fee has no default: the city sets it through POST /v1/fees/rates.
INSERT INTO "fee_rates" ("component", "valid_from", "amount_ore", "created_by") VALUES
  ('hourly', '2020-01-01', 21300, 'migration'),
  ('monthly_ceiling', '2020-01-01', 212500, 'migration')
ON CONFLICT ("component", "valid_from") DO NOTHING;
--> statement-breakpoint
-- What a closed month froze stays as it was: statements, fee lines and adjustments are append-only (a reopening is
-- recorded on the closing row; its adjustments stop counting, they are not deleted).
CREATE OR REPLACE FUNCTION closing_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER closed_statements_append_only BEFORE UPDATE OR DELETE ON closed_statements FOR EACH ROW EXECUTE FUNCTION closing_refuse_change();
--> statement-breakpoint
CREATE TRIGGER closed_fee_lines_append_only BEFORE UPDATE OR DELETE ON closed_fee_lines FOR EACH ROW EXECUTE FUNCTION closing_refuse_change();
--> statement-breakpoint
CREATE TRIGGER compensation_adjustments_append_only BEFORE UPDATE OR DELETE ON compensation_adjustments FOR EACH ROW EXECUTE FUNCTION closing_refuse_change();
