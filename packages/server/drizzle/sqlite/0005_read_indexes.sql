DROP INDEX `audit_subject_name`;--> statement-breakpoint
DROP INDEX `audit_template_version`;--> statement-breakpoint
DROP INDEX `audit_actor_id`;--> statement-breakpoint
DROP INDEX `audit_action`;--> statement-breakpoint
CREATE INDEX `audit_subject_kind_name_seq` ON `audit` (`subject_kind`,`subject_name`,`seq`);--> statement-breakpoint
CREATE INDEX `audit_template_seq` ON `audit` (`template`,`seq`);--> statement-breakpoint
CREATE INDEX `audit_template_version_seq` ON `audit` (`template`,`version`,`seq`);--> statement-breakpoint
CREATE INDEX `audit_actor_id_seq` ON `audit` (`actor_id`,`seq`);--> statement-breakpoint
CREATE INDEX `audit_action_seq` ON `audit` (`action`,`seq`);--> statement-breakpoint
DROP INDEX `operations_kind_state`;--> statement-breakpoint
CREATE INDEX `operations_kind_id` ON `operations` (`kind`,`id`);--> statement-breakpoint
CREATE INDEX `operations_kind_state_id` ON `operations` (`kind`,`state`,`id`);--> statement-breakpoint
DROP INDEX `versions_template_sort_key`;--> statement-breakpoint
CREATE INDEX `versions_template_sort_key_version` ON `versions` (`template`,`sort_key`,`version`);--> statement-breakpoint
CREATE INDEX `versions_template_state_sort_key_version` ON `versions` (`template`,`state`,`sort_key`,`version`);