ALTER TABLE `version_numbers` ADD `precedence` text;--> statement-breakpoint
CREATE UNIQUE INDEX `version_numbers_template_precedence` ON `version_numbers` (`template`,`precedence`);