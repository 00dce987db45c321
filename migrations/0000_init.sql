CREATE TYPE "public"."organisation_kind" AS ENUM('private_provider', 'municipal_provider', 'city_unit', 'district', 'contract_unit');--> statement-breakpoint
CREATE TYPE "public"."consent_method" AS ENUM('verbal', 'written');--> statement-breakpoint
CREATE TYPE "public"."service_type" AS ENUM('home_care_day_evening', 'home_care_night', 'relief', 'escort', 'safety_alarm', 'camera_supervision');--> statement-breakpoint
CREATE TABLE "individuals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"personal_identity_number" text NOT NULL,
	"name" text NOT NULL,
	"district_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "individuals_pin_unique" UNIQUE("personal_identity_number"),
	CONSTRAINT "individuals_pin_format" CHECK ("individuals"."personal_identity_number" ~ '^[0-9]{12}$')
);
--> statement-breakpoint
CREATE TABLE "organisations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"kind" "organisation_kind" NOT NULL,
	"organisation_number" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "staff" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"organisation_id" uuid NOT NULL,
	"unit_id" uuid,
	"roles" text[] DEFAULT '{}'::text[] NOT NULL,
	"manager_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "units" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"name" text NOT NULL,
	"areas" text[] DEFAULT '{}'::text[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "audit_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"occurred_at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_id" text NOT NULL,
	"actor_organisation_id" uuid NOT NULL,
	"actor_roles" text[] NOT NULL,
	"action" text NOT NULL,
	"individual_id" uuid,
	"resource_type" text NOT NULL,
	"resource_id" text,
	"request_id" text
);
--> statement-breakpoint
CREATE TABLE "consents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"individual_id" uuid NOT NULL,
	"given_on" date NOT NULL,
	"method" "consent_method" NOT NULL,
	"recorded_by" text NOT NULL,
	"recorded_by_organisation_id" uuid NOT NULL,
	"limited_to_organisation_ids" uuid[],
	"note" text,
	"withdrawn_on" date,
	"withdrawn_by" text,
	"withdrawn_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "consents_dates" CHECK ("consents"."withdrawn_on" is null or "consents"."withdrawn_on" >= "consents"."given_on")
);
--> statement-breakpoint
CREATE TABLE "service_assignments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"individual_id" uuid NOT NULL,
	"service_type" "service_type" NOT NULL,
	"unit_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"start_date" date NOT NULL,
	"end_date" date,
	"granted_minutes_per_month" integer,
	"needs_two_staff" boolean DEFAULT false NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"ended_by" text,
	"ended_at" timestamp with time zone,
	CONSTRAINT "service_assignments_dates" CHECK ("service_assignments"."end_date" is null or "service_assignments"."end_date" >= "service_assignments"."start_date")
);
--> statement-breakpoint
ALTER TABLE "individuals" ADD CONSTRAINT "individuals_district_id_organisations_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "staff" ADD CONSTRAINT "staff_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "staff" ADD CONSTRAINT "staff_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "staff" ADD CONSTRAINT "staff_manager_fk" FOREIGN KEY ("manager_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "units" ADD CONSTRAINT "units_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consents" ADD CONSTRAINT "consents_individual_id_individuals_id_fk" FOREIGN KEY ("individual_id") REFERENCES "public"."individuals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_assignments" ADD CONSTRAINT "service_assignments_individual_id_individuals_id_fk" FOREIGN KEY ("individual_id") REFERENCES "public"."individuals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_assignments" ADD CONSTRAINT "service_assignments_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_assignments" ADD CONSTRAINT "service_assignments_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "individuals_district_name_idx" ON "individuals" USING btree ("district_id","name","id");--> statement-breakpoint
CREATE INDEX "individuals_name_idx" ON "individuals" USING btree ("name","id");--> statement-breakpoint
CREATE INDEX "organisations_name_idx" ON "organisations" USING btree ("name","id");--> statement-breakpoint
CREATE INDEX "staff_org_name_idx" ON "staff" USING btree ("organisation_id","name","id");--> statement-breakpoint
CREATE INDEX "staff_unit_idx" ON "staff" USING btree ("unit_id");--> statement-breakpoint
CREATE INDEX "staff_manager_idx" ON "staff" USING btree ("manager_id");--> statement-breakpoint
CREATE INDEX "units_org_name_idx" ON "units" USING btree ("organisation_id","name","id");--> statement-breakpoint
CREATE INDEX "units_name_idx" ON "units" USING btree ("name","id");--> statement-breakpoint
CREATE INDEX "audit_events_individual_idx" ON "audit_events" USING btree ("individual_id","occurred_at");--> statement-breakpoint
CREATE INDEX "audit_events_actor_idx" ON "audit_events" USING btree ("actor_id","occurred_at");--> statement-breakpoint
CREATE INDEX "audit_events_time_idx" ON "audit_events" USING btree ("occurred_at","id");--> statement-breakpoint
CREATE INDEX "consents_individual_idx" ON "consents" USING btree ("individual_id","given_on");--> statement-breakpoint
CREATE INDEX "service_assignments_individual_idx" ON "service_assignments" USING btree ("individual_id","start_date");--> statement-breakpoint
CREATE INDEX "service_assignments_org_idx" ON "service_assignments" USING btree ("organisation_id","individual_id");--> statement-breakpoint
CREATE INDEX "service_assignments_unit_idx" ON "service_assignments" USING btree ("unit_id");