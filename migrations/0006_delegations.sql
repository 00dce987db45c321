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
ALTER TABLE "delegation_events" ADD CONSTRAINT "delegation_events_delegation_id_delegations_id_fk" FOREIGN KEY ("delegation_id") REFERENCES "public"."delegations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "delegations" ADD CONSTRAINT "delegations_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "delegations" ADD CONSTRAINT "delegations_employee_id_staff_id_fk" FOREIGN KEY ("employee_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "delegations" ADD CONSTRAINT "delegations_task_type_delegation_task_types_code_fk" FOREIGN KEY ("task_type") REFERENCES "public"."delegation_task_types"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "delegation_events_delegation_idx" ON "delegation_events" USING btree ("delegation_id","occurred_at");--> statement-breakpoint
CREATE INDEX "delegations_employee_idx" ON "delegations" USING btree ("employee_id","task_type");--> statement-breakpoint
CREATE INDEX "delegations_org_valid_to_idx" ON "delegations" USING btree ("organisation_id","valid_to","id");--> statement-breakpoint
CREATE INDEX "delegations_issuer_idx" ON "delegations" USING btree ("issued_by");