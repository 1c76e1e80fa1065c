ALTER TABLE `pull_settings` ADD `clear_missing_people` integer;--> statement-breakpoint
ALTER TABLE `pull_settings` ADD `pull_dept_codes` text;