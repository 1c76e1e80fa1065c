ALTER TABLE `apps` ADD `last_test_at` integer;--> statement-breakpoint
ALTER TABLE `apps` ADD `last_test_ok` integer;--> statement-breakpoint
ALTER TABLE `apps` ADD `last_test_code` text;--> statement-breakpoint
ALTER TABLE `apps` ADD `last_test_permissions` text;