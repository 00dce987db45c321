ALTER TABLE "units" ADD COLUMN "external_code" text;--> statement-breakpoint
ALTER TABLE "units" ADD CONSTRAINT "units_external_code_unique" UNIQUE("external_code");