CREATE TABLE `clusters` (
	`name` text PRIMARY KEY NOT NULL,
	`server` text NOT NULL,
	`context` text NOT NULL,
	`labels` text NOT NULL,
	`credentials_enc` text NOT NULL,
	`health` text,
	`revision` integer NOT NULL,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `environments` (
	`name` text PRIMARY KEY NOT NULL,
	`cluster` text NOT NULL,
	`namespace` text NOT NULL,
	`tier` text NOT NULL,
	`policy` text NOT NULL,
	`create_namespace` integer NOT NULL,
	`defaults` text,
	`secret_defaults_enc` text,
	`labels` text NOT NULL,
	`revision` integer NOT NULL,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `environments_cluster_name` ON `environments` (`cluster`,`name`);--> statement-breakpoint
CREATE TABLE `installs` (
	`environment` text NOT NULL,
	`name` text NOT NULL,
	`template` text NOT NULL,
	`version` text NOT NULL,
	`state` text NOT NULL,
	`values` text,
	`secret_values_enc` text,
	`secret_parameters` text NOT NULL,
	`record` integer NOT NULL,
	`latest_record` integer NOT NULL,
	`operation_id` text,
	`description` text NOT NULL,
	`labels` text NOT NULL,
	`revision` integer NOT NULL,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL,
	`updated_at` text NOT NULL,
	PRIMARY KEY(`environment`, `name`)
);
--> statement-breakpoint
CREATE TABLE `install_records` (
	`environment` text NOT NULL,
	`install` text NOT NULL,
	`number` integer NOT NULL,
	`action` text NOT NULL,
	`template` text NOT NULL,
	`version` text NOT NULL,
	`values` text,
	`secret_parameters` text NOT NULL,
	`objects_enc` text NOT NULL,
	`applied` text NOT NULL,
	`outcome` text NOT NULL,
	`components` text NOT NULL,
	`operation_id` text NOT NULL,
	`rollback_of` integer,
	`atomic_rollback` integer NOT NULL,
	`error` text,
	`reason` text,
	`started_at` text NOT NULL,
	`finished_at` text,
	`created_by` text NOT NULL,
	PRIMARY KEY(`environment`, `install`, `number`)
);
--> statement-breakpoint
ALTER TABLE `operations` ADD `lock_key` text;--> statement-breakpoint
ALTER TABLE `operations` ADD `deadline_at` text;--> statement-breakpoint
CREATE UNIQUE INDEX `operations_active_lock_key` ON `operations` (`lock_key`) WHERE "operations"."lock_key" is not null and "operations"."state" in ('pending', 'running');