ALTER TABLE `oa_departments` ADD `kind` text;--> statement-breakpoint
ALTER TABLE `oa_departments_staged` ADD `kind` text;