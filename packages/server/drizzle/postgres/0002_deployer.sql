CREATE TABLE "clusters" (
	"name" text COLLATE "C" PRIMARY KEY NOT NULL,
	"server" text COLLATE "C" NOT NULL,
	"context" text COLLATE "C" NOT NULL,
	"labels" jsonb NOT NULL,
	"credentials_enc" text COLLATE "C" NOT NULL,
	"health" jsonb,
	"revision" integer NOT NULL,
	"created_at" text COLLATE "C" NOT NULL,
	"created_by" jsonb NOT NULL,
	"updated_at" text COLLATE "C" NOT NULL
);
--> statement-breakpoint
CREATE TABLE "environments" (
	"name" text COLLATE "C" PRIMARY KEY NOT NULL,
	"cluster" text COLLATE "C" NOT NULL,
	"namespace" text COLLATE "C" NOT NULL,
	"tier" text COLLATE "C" NOT NULL,
	"policy" jsonb NOT NULL,
	"create_namespace" boolean NOT NULL,
	"defaults" jsonb,
	"secret_defaults_enc" text COLLATE "C",
	"labels" jsonb NOT NULL,
	"revision" integer NOT NULL,
	"created_at" text COLLATE "C" NOT NULL,
	"created_by" jsonb NOT NULL,
	"updated_at" text COLLATE "C" NOT NULL
);
--> statement-breakpoint
CREATE TABLE "installs" (
	"environment" text COLLATE "C" NOT NULL,
	"name" text COLLATE "C" NOT NULL,
	"template" text COLLATE "C" NOT NULL,
	"version" text COLLATE "C" NOT NULL,
	"state" text COLLATE "C" NOT NULL,
	"values" jsonb,
	"secret_values_enc" text COLLATE "C",
	"secret_parameters" jsonb NOT NULL,
	"record" integer NOT NULL,
	"latest_record" integer NOT NULL,
	"operation_id" text COLLATE "C",
	"description" text COLLATE "C" NOT NULL,
	"labels" jsonb NOT NULL,
	"revision" integer NOT NULL,
	"created_at" text COLLATE "C" NOT NULL,
	"created_by" jsonb NOT NULL,
	"updated_at" text COLLATE "C" NOT NULL,
	CONSTRAINT "installs_environment_name_pk" PRIMARY KEY("environment","name")
);
--> statement-breakpoint
CREATE TABLE "install_records" (
	"environment" text COLLATE "C" NOT NULL,
	"install" text COLLATE "C" NOT NULL,
	"number" integer NOT NULL,
	"action" text COLLATE "C" NOT NULL,
	"template" text COLLATE "C" NOT NULL,
	"version" text COLLATE "C" NOT NULL,
	"values" jsonb,
	"secret_parameters" jsonb NOT NULL,
	"objects_enc" text COLLATE "C" NOT NULL,
	"applied" jsonb NOT NULL,
	"outcome" text COLLATE "C" NOT NULL,
	"components" jsonb NOT NULL,
	"operation_id" text COLLATE "C" NOT NULL,
	"rollback_of" integer,
	"atomic_rollback" boolean NOT NULL,
	"error" jsonb,
	"reason" text COLLATE "C",
	"started_at" text COLLATE "C" NOT NULL,
	"finished_at" text COLLATE "C",
	"created_by" jsonb NOT NULL,
	CONSTRAINT "install_records_environment_install_number_pk" PRIMARY KEY("environment","install","number")
);
--> statement-breakpoint
ALTER TABLE "operations" ADD COLUMN "lock_key" text COLLATE "C";--> statement-breakpoint
ALTER TABLE "operations" ADD COLUMN "deadline_at" text COLLATE "C";--> statement-breakpoint
CREATE INDEX "environments_cluster_name" ON "environments" USING btree ("cluster","name");--> statement-breakpoint
CREATE UNIQUE INDEX "operations_active_lock_key" ON "operations" USING btree ("lock_key") WHERE "operations"."lock_key" is not null and "operations"."state" in ('pending', 'running');