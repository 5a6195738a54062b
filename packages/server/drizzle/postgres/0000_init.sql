CREATE TABLE "audit" (
	"seq" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "audit_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"at" text COLLATE "C" NOT NULL,
	"actor_id" text COLLATE "C" NOT NULL,
	"actor_name" text COLLATE "C" NOT NULL,
	"action" text COLLATE "C" NOT NULL,
	"subject_kind" text COLLATE "C" NOT NULL,
	"subject_name" text COLLATE "C" NOT NULL,
	"template" text COLLATE "C",
	"version" text COLLATE "C",
	"from_state" text COLLATE "C",
	"to_state" text COLLATE "C",
	"reason" text COLLATE "C",
	"details" jsonb
);
--> statement-breakpoint
CREATE TABLE "events" (
	"seq" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "events_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"operation_id" text COLLATE "C",
	"type" text COLLATE "C" NOT NULL,
	"at" text COLLATE "C" NOT NULL,
	"data" jsonb
);
--> statement-breakpoint
CREATE TABLE "idempotency" (
	"principal" text COLLATE "C" NOT NULL,
	"key" text COLLATE "C" NOT NULL,
	"method" text COLLATE "C" NOT NULL,
	"path" text COLLATE "C" NOT NULL,
	"request_hash" text COLLATE "C" NOT NULL,
	"status" integer NOT NULL,
	"headers" jsonb NOT NULL,
	"body" text COLLATE "C" NOT NULL,
	"created_at" text COLLATE "C" NOT NULL,
	"expires_at" text COLLATE "C" NOT NULL,
	CONSTRAINT "idempotency_principal_key_pk" PRIMARY KEY("principal","key")
);
--> statement-breakpoint
CREATE TABLE "operations" (
	"id" text COLLATE "C" PRIMARY KEY NOT NULL,
	"kind" text COLLATE "C" NOT NULL,
	"state" text COLLATE "C" NOT NULL,
	"subject" jsonb NOT NULL,
	"input" jsonb,
	"steps" jsonb NOT NULL,
	"result" jsonb,
	"error" jsonb,
	"cancel_requested" boolean NOT NULL,
	"attempts" integer NOT NULL,
	"lease_owner" text COLLATE "C",
	"lease_expires_at" text COLLATE "C",
	"created_at" text COLLATE "C" NOT NULL,
	"created_by" jsonb NOT NULL,
	"updated_at" text COLLATE "C" NOT NULL,
	"started_at" text COLLATE "C",
	"finished_at" text COLLATE "C"
);
--> statement-breakpoint
CREATE TABLE "settings" (
	"key" text COLLATE "C" PRIMARY KEY NOT NULL,
	"value" jsonb,
	"revision" integer NOT NULL,
	"updated_at" text COLLATE "C" NOT NULL
);
--> statement-breakpoint
CREATE TABLE "source_credentials" (
	"host" text COLLATE "C" PRIMARY KEY NOT NULL,
	"username" text COLLATE "C" NOT NULL,
	"password_enc" text COLLATE "C" NOT NULL,
	"updated_at" text COLLATE "C" NOT NULL
);
--> statement-breakpoint
CREATE TABLE "templates" (
	"name" text COLLATE "C" PRIMARY KEY NOT NULL,
	"description" text COLLATE "C" NOT NULL,
	"labels" jsonb NOT NULL,
	"revision" integer NOT NULL,
	"created_at" text COLLATE "C" NOT NULL,
	"created_by" jsonb NOT NULL,
	"updated_at" text COLLATE "C" NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tokens" (
	"id" text COLLATE "C" PRIMARY KEY NOT NULL,
	"name" text COLLATE "C" NOT NULL,
	"secret_hash" text COLLATE "C" NOT NULL,
	"roles" jsonb NOT NULL,
	"environments" jsonb,
	"created_at" text COLLATE "C" NOT NULL,
	"created_by" jsonb NOT NULL,
	"expires_at" text COLLATE "C",
	"last_used_at" text COLLATE "C",
	"revoked_at" text COLLATE "C"
);
--> statement-breakpoint
CREATE TABLE "version_numbers" (
	"template" text COLLATE "C" NOT NULL,
	"version" text COLLATE "C" NOT NULL,
	"created_at" text COLLATE "C" NOT NULL,
	CONSTRAINT "version_numbers_template_version_pk" PRIMARY KEY("template","version")
);
--> statement-breakpoint
CREATE TABLE "versions" (
	"template" text COLLATE "C" NOT NULL,
	"version" text COLLATE "C" NOT NULL,
	"sort_key" text COLLATE "C" NOT NULL,
	"description" text COLLATE "C" NOT NULL,
	"state" text COLLATE "C" NOT NULL,
	"app" jsonb,
	"images" jsonb NOT NULL,
	"transitions" jsonb NOT NULL,
	"failure" jsonb,
	"revision" integer NOT NULL,
	"created_at" text COLLATE "C" NOT NULL,
	"created_by" jsonb NOT NULL,
	"updated_at" text COLLATE "C" NOT NULL,
	CONSTRAINT "versions_template_version_pk" PRIMARY KEY("template","version")
);
--> statement-breakpoint
ALTER TABLE "versions" ADD CONSTRAINT "versions_template_templates_name_fk" FOREIGN KEY ("template") REFERENCES "public"."templates"("name") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_subject_name" ON "audit" USING btree ("subject_name");--> statement-breakpoint
CREATE INDEX "audit_template_version" ON "audit" USING btree ("template","version");--> statement-breakpoint
CREATE INDEX "audit_actor_id" ON "audit" USING btree ("actor_id");--> statement-breakpoint
CREATE INDEX "audit_action" ON "audit" USING btree ("action");--> statement-breakpoint
CREATE INDEX "audit_at" ON "audit" USING btree ("at");--> statement-breakpoint
CREATE INDEX "events_operation_seq" ON "events" USING btree ("operation_id","seq");--> statement-breakpoint
CREATE INDEX "idempotency_expires_at" ON "idempotency" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "operations_state_id" ON "operations" USING btree ("state","id");--> statement-breakpoint
CREATE INDEX "operations_kind_state" ON "operations" USING btree ("kind","state");--> statement-breakpoint
CREATE UNIQUE INDEX "tokens_secret_hash" ON "tokens" USING btree ("secret_hash");--> statement-breakpoint
CREATE INDEX "versions_template_sort_key" ON "versions" USING btree ("template","sort_key");