CREATE TABLE `audit` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` text NOT NULL,
	`actor_id` text NOT NULL,
	`actor_name` text NOT NULL,
	`action` text NOT NULL,
	`subject_kind` text NOT NULL,
	`subject_name` text NOT NULL,
	`template` text,
	`version` text,
	`from_state` text,
	`to_state` text,
	`reason` text,
	`details` text
);
--> statement-breakpoint
CREATE INDEX `audit_subject_name` ON `audit` (`subject_name`);--> statement-breakpoint
CREATE INDEX `audit_template_version` ON `audit` (`template`,`version`);--> statement-breakpoint
CREATE INDEX `audit_actor_id` ON `audit` (`actor_id`);--> statement-breakpoint
CREATE INDEX `audit_action` ON `audit` (`action`);--> statement-breakpoint
CREATE INDEX `audit_at` ON `audit` (`at`);--> statement-breakpoint
CREATE TABLE `events` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`operation_id` text,
	`type` text NOT NULL,
	`at` text NOT NULL,
	`data` text
);
--> statement-breakpoint
CREATE INDEX `events_operation_seq` ON `events` (`operation_id`,`seq`);--> statement-breakpoint
CREATE TABLE `idempotency` (
	`principal` text NOT NULL,
	`key` text NOT NULL,
	`method` text NOT NULL,
	`path` text NOT NULL,
	`request_hash` text NOT NULL,
	`status` integer NOT NULL,
	`headers` text NOT NULL,
	`body` text NOT NULL,
	`created_at` text NOT NULL,
	`expires_at` text NOT NULL,
	PRIMARY KEY(`principal`, `key`)
);
--> statement-breakpoint
CREATE INDEX `idempotency_expires_at` ON `idempotency` (`expires_at`);--> statement-breakpoint
CREATE TABLE `operations` (
	`id` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`state` text NOT NULL,
	`subject` text NOT NULL,
	`input` text,
	`steps` text NOT NULL,
	`result` text,
	`error` text,
	`cancel_requested` integer NOT NULL,
	`attempts` integer NOT NULL,
	`lease_owner` text,
	`lease_expires_at` text,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL,
	`updated_at` text NOT NULL,
	`started_at` text,
	`finished_at` text
);
--> statement-breakpoint
CREATE INDEX `operations_state_id` ON `operations` (`state`,`id`);--> statement-breakpoint
CREATE INDEX `operations_kind_state` ON `operations` (`kind`,`state`);--> statement-breakpoint
CREATE TABLE `settings` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text,
	`revision` integer NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `source_credentials` (
	`host` text PRIMARY KEY NOT NULL,
	`username` text NOT NULL,
	`password_enc` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `templates` (
	`name` text PRIMARY KEY NOT NULL,
	`description` text NOT NULL,
	`labels` text NOT NULL,
	`revision` integer NOT NULL,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `tokens` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`secret_hash` text NOT NULL,
	`roles` text NOT NULL,
	`environments` text,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL,
	`expires_at` text,
	`last_used_at` text,
	`revoked_at` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `tokens_secret_hash` ON `tokens` (`secret_hash`);--> statement-breakpoint
CREATE TABLE `version_numbers` (
	`template` text NOT NULL,
	`version` text NOT NULL,
	`created_at` text NOT NULL,
	PRIMARY KEY(`template`, `version`)
);
--> statement-breakpoint
CREATE TABLE `versions` (
	`template` text NOT NULL,
	`version` text NOT NULL,
	`sort_key` text NOT NULL,
	`description` text NOT NULL,
	`state` text NOT NULL,
	`app` text,
	`images` text NOT NULL,
	`transitions` text NOT NULL,
	`failure` text,
	`revision` integer NOT NULL,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL,
	`updated_at` text NOT NULL,
	PRIMARY KEY(`template`, `version`),
	FOREIGN KEY (`template`) REFERENCES `templates`(`name`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `versions_template_sort_key` ON `versions` (`template`,`sort_key`);