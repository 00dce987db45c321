CREATE TYPE "public"."provider_kind" AS ENUM('municipal', 'private');--> statement-breakpoint
CREATE TYPE "public"."time_report_status" AS ENUM('performed', 'declined', 'added');--> statement-breakpoint
CREATE TYPE "public"."organisation_kind" AS ENUM('private_provider', 'municipal_provider', 'city_unit', 'district', 'contract_unit');--> statement-breakpoint
CREATE TYPE "public"."consent_method" AS ENUM('verbal', 'written');--> statement-breakpoint
CREATE TYPE "public"."service_type" AS ENUM('home_care_day_evening', 'home_care_night', 'relief', 'escort', 'safety_alarm', 'camera_supervision');--> statement-breakpoint
CREATE TYPE "public"."message_priority" AS ENUM('normal', 'urgent');--> statement-breakpoint
CREATE TABLE "compensation_rates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"provider_kind" "provider_kind" NOT NULL,
	"valid_from" date NOT NULL,
	"hourly_ore" integer NOT NULL,
	"inconvenient_ore" integer NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "compensation_rates_kind_from_unique" UNIQUE("provider_kind","valid_from"),
	CONSTRAINT "compensation_rates_positive" CHECK ("compensation_rates"."hourly_ore" > 0 and "compensation_rates"."inconvenient_ore" > 0)
);
--> statement-breakpoint
CREATE TABLE "time_report_segments" (
	"time_report_id" uuid NOT NULL,
	"local_date" date NOT NULL,
	"organisation_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	"individual_id" uuid NOT NULL,
	"staff_id" text NOT NULL,
	"service_type" "service_type" NOT NULL,
	"provider_kind" "provider_kind" NOT NULL,
	"status" time_report_status NOT NULL,
	"normal_seconds" integer NOT NULL,
	"inconvenient_seconds" integer NOT NULL,
	"starts_visit" boolean NOT NULL,
	CONSTRAINT "time_report_segments_pk" PRIMARY KEY("time_report_id","local_date"),
	CONSTRAINT "time_report_segments_seconds" CHECK ("time_report_segments"."normal_seconds" >= 0 and "time_report_segments"."inconvenient_seconds" >= 0)
);
--> statement-breakpoint
CREATE TABLE "time_reports" (
	"id" uuid PRIMARY KEY NOT NULL,
	"reporting_system" text NOT NULL,
	"reporting_organisation_id" uuid NOT NULL,
	"external_id" text NOT NULL,
	"version" integer NOT NULL,
	"individual_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"provider_kind" "provider_kind" NOT NULL,
	"staff_id" text NOT NULL,
	"service_type" "service_type" NOT NULL,
	"assignment_id" uuid NOT NULL,
	"status" time_report_status NOT NULL,
	"check_in" timestamp (0) with time zone NOT NULL,
	"check_out" timestamp (0) with time zone NOT NULL,
	"planned_start" timestamp (0) with time zone,
	"planned_end" timestamp (0) with time zone,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"superseded_at" timestamp with time zone,
	CONSTRAINT "time_reports_version_unique" UNIQUE("reporting_system","external_id","version"),
	CONSTRAINT "time_reports_order" CHECK ("time_reports"."check_out" > "time_reports"."check_in" and "time_reports"."check_out" - "time_reports"."check_in" < interval '24 hours')
);
--> statement-breakpoint
CREATE TABLE "delegation_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"delegation_id" uuid NOT NULL,
	"event" text NOT NULL,
	"actor_id" text NOT NULL,
	"actor_organisation_id" uuid NOT NULL,
	"reason" text,
	"occurred_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "delegation_task_types" (
	"code" text PRIMARY KEY NOT NULL,
	"name_sv" text NOT NULL,
	"name_en" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL
);
--> statement-breakpoint
CREATE TABLE "delegations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"employee_id" text NOT NULL,
	"issued_by" text NOT NULL,
	"task_type" text NOT NULL,
	"training_completed_on" date NOT NULL,
	"valid_from" date NOT NULL,
	"valid_to" date NOT NULL,
	"single_occasion" boolean DEFAULT false NOT NULL,
	"note" text,
	"renewed_from_id" uuid,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"signed_at" timestamp (3) with time zone,
	"declined_at" timestamp (3) with time zone,
	"decline_reason" text,
	"revoked_at" timestamp (3) with time zone,
	"revoked_by" text,
	"revoke_reason" text,
	CONSTRAINT "delegations_period" CHECK ("delegations"."valid_to" >= "delegations"."valid_from")
);
--> statement-breakpoint
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
	"left_on" date,
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
	"occurred_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
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
CREATE TABLE "contact_group_members" (
	"contact_group_id" uuid NOT NULL,
	"staff_id" text NOT NULL,
	CONSTRAINT "contact_group_members_contact_group_id_staff_id_pk" PRIMARY KEY("contact_group_id","staff_id")
);
--> statement-breakpoint
CREATE TABLE "contact_groups" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"name" text NOT NULL,
	"unit_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"service_types" "service_type"[] DEFAULT '{}' NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"archived_at" timestamp (3) with time zone
);
--> statement-breakpoint
CREATE TABLE "message_acknowledgements" (
	"message_id" uuid NOT NULL,
	"contact_group_id" uuid NOT NULL,
	"staff_id" text NOT NULL,
	"journal_reference" text,
	"acknowledged_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "message_acknowledgements_message_id_contact_group_id_pk" PRIMARY KEY("message_id","contact_group_id")
);
--> statement-breakpoint
CREATE TABLE "message_reads" (
	"message_id" uuid NOT NULL,
	"staff_id" text NOT NULL,
	"read_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "message_reads_message_id_staff_id_pk" PRIMARY KEY("message_id","staff_id")
);
--> statement-breakpoint
CREATE TABLE "message_recipients" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"message_id" uuid NOT NULL,
	"contact_group_id" uuid,
	"staff_id" text,
	"organisation_id" uuid NOT NULL,
	CONSTRAINT "message_recipients_one_address" CHECK (("message_recipients"."contact_group_id" is null) <> ("message_recipients"."staff_id" is null))
);
--> statement-breakpoint
CREATE TABLE "messages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"thread_id" uuid NOT NULL,
	"reply_to_id" uuid,
	"sender_id" text NOT NULL,
	"sender_organisation_id" uuid NOT NULL,
	"individual_id" uuid,
	"subject" text NOT NULL,
	"body" text NOT NULL,
	"priority" "message_priority" DEFAULT 'normal' NOT NULL,
	"sent_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "time_report_segments" ADD CONSTRAINT "time_report_segments_time_report_id_time_reports_id_fk" FOREIGN KEY ("time_report_id") REFERENCES "public"."time_reports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "time_reports" ADD CONSTRAINT "time_reports_reporting_organisation_id_organisations_id_fk" FOREIGN KEY ("reporting_organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "time_reports" ADD CONSTRAINT "time_reports_individual_id_individuals_id_fk" FOREIGN KEY ("individual_id") REFERENCES "public"."individuals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "time_reports" ADD CONSTRAINT "time_reports_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "time_reports" ADD CONSTRAINT "time_reports_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "time_reports" ADD CONSTRAINT "time_reports_staff_id_staff_id_fk" FOREIGN KEY ("staff_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "time_reports" ADD CONSTRAINT "time_reports_assignment_id_service_assignments_id_fk" FOREIGN KEY ("assignment_id") REFERENCES "public"."service_assignments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "delegation_events" ADD CONSTRAINT "delegation_events_delegation_id_delegations_id_fk" FOREIGN KEY ("delegation_id") REFERENCES "public"."delegations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "delegations" ADD CONSTRAINT "delegations_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "delegations" ADD CONSTRAINT "delegations_employee_id_staff_id_fk" FOREIGN KEY ("employee_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "delegations" ADD CONSTRAINT "delegations_task_type_delegation_task_types_code_fk" FOREIGN KEY ("task_type") REFERENCES "public"."delegation_task_types"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "individuals" ADD CONSTRAINT "individuals_district_id_organisations_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "staff" ADD CONSTRAINT "staff_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "staff" ADD CONSTRAINT "staff_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "staff" ADD CONSTRAINT "staff_manager_fk" FOREIGN KEY ("manager_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "units" ADD CONSTRAINT "units_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consents" ADD CONSTRAINT "consents_individual_id_individuals_id_fk" FOREIGN KEY ("individual_id") REFERENCES "public"."individuals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_assignments" ADD CONSTRAINT "service_assignments_individual_id_individuals_id_fk" FOREIGN KEY ("individual_id") REFERENCES "public"."individuals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_assignments" ADD CONSTRAINT "service_assignments_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_assignments" ADD CONSTRAINT "service_assignments_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact_group_members" ADD CONSTRAINT "contact_group_members_contact_group_id_contact_groups_id_fk" FOREIGN KEY ("contact_group_id") REFERENCES "public"."contact_groups"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact_group_members" ADD CONSTRAINT "contact_group_members_staff_id_staff_id_fk" FOREIGN KEY ("staff_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact_groups" ADD CONSTRAINT "contact_groups_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "message_acknowledgements" ADD CONSTRAINT "message_acknowledgements_message_id_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."messages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "message_acknowledgements" ADD CONSTRAINT "message_acknowledgements_contact_group_id_contact_groups_id_fk" FOREIGN KEY ("contact_group_id") REFERENCES "public"."contact_groups"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "message_reads" ADD CONSTRAINT "message_reads_message_id_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."messages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "message_recipients" ADD CONSTRAINT "message_recipients_message_id_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."messages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "message_recipients" ADD CONSTRAINT "message_recipients_contact_group_id_contact_groups_id_fk" FOREIGN KEY ("contact_group_id") REFERENCES "public"."contact_groups"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "message_recipients" ADD CONSTRAINT "message_recipients_staff_id_staff_id_fk" FOREIGN KEY ("staff_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "message_recipients" ADD CONSTRAINT "message_recipients_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "messages" ADD CONSTRAINT "messages_sender_organisation_id_organisations_id_fk" FOREIGN KEY ("sender_organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "messages" ADD CONSTRAINT "messages_individual_id_individuals_id_fk" FOREIGN KEY ("individual_id") REFERENCES "public"."individuals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "time_report_segments_org_date_idx" ON "time_report_segments" USING btree ("organisation_id","local_date");--> statement-breakpoint
CREATE INDEX "time_report_segments_date_idx" ON "time_report_segments" USING btree ("local_date");--> statement-breakpoint
CREATE UNIQUE INDEX "time_reports_current_unique" ON "time_reports" USING btree ("reporting_system","external_id") WHERE "time_reports"."superseded_at" is null;--> statement-breakpoint
CREATE INDEX "time_reports_overlap_idx" ON "time_reports" USING btree ("individual_id","service_type","check_in") WHERE "time_reports"."superseded_at" is null;--> statement-breakpoint
CREATE INDEX "delegation_events_delegation_idx" ON "delegation_events" USING btree ("delegation_id","occurred_at");--> statement-breakpoint
CREATE INDEX "delegations_employee_idx" ON "delegations" USING btree ("employee_id","task_type");--> statement-breakpoint
CREATE INDEX "delegations_org_valid_to_idx" ON "delegations" USING btree ("organisation_id","valid_to","id");--> statement-breakpoint
CREATE INDEX "delegations_issuer_idx" ON "delegations" USING btree ("issued_by");--> statement-breakpoint
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
CREATE INDEX "service_assignments_unit_idx" ON "service_assignments" USING btree ("unit_id");--> statement-breakpoint
CREATE INDEX "contact_group_members_staff_idx" ON "contact_group_members" USING btree ("staff_id");--> statement-breakpoint
CREATE INDEX "contact_groups_org_idx" ON "contact_groups" USING btree ("organisation_id","name");--> statement-breakpoint
CREATE INDEX "message_recipients_message_idx" ON "message_recipients" USING btree ("message_id");--> statement-breakpoint
CREATE INDEX "message_recipients_group_idx" ON "message_recipients" USING btree ("contact_group_id","message_id");--> statement-breakpoint
CREATE INDEX "message_recipients_staff_idx" ON "message_recipients" USING btree ("staff_id","message_id");--> statement-breakpoint
CREATE INDEX "messages_thread_idx" ON "messages" USING btree ("thread_id","sent_at");--> statement-breakpoint
CREATE INDEX "messages_sender_idx" ON "messages" USING btree ("sender_id","sent_at","id");--> statement-breakpoint
CREATE INDEX "messages_individual_idx" ON "messages" USING btree ("individual_id");