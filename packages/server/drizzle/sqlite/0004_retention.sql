CREATE INDEX `events_at` ON `events` (`at`);--> statement-breakpoint
CREATE INDEX `operations_finished_at` ON `operations` (`finished_at`);