ALTER TABLE `push_items` ADD `why` text;--> statement-breakpoint
ALTER TABLE `push_items` ADD `error_code` text;