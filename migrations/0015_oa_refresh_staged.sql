CREATE TABLE `oa_departments_staged` (
	`tenant_id` text NOT NULL,
	`refresh_id` text NOT NULL,
	`id` text NOT NULL,
	`parent_id` text,
	`name` text NOT NULL,
	`order` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`refresh_id`, `id`),
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `oa_users_staged` (
	`tenant_id` text NOT NULL,
	`refresh_id` text NOT NULL,
	`id` text NOT NULL,
	`account` text NOT NULL,
	`name` text NOT NULL,
	`mobile` text,
	`email` text,
	`employee_no` text,
	`position` text,
	`main_dept_id` text,
	`part_time_dept_ids` text DEFAULT '[]' NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	PRIMARY KEY(`refresh_id`, `id`),
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
ALTER TABLE `oa_connections` ADD `full_refresh_hours` integer;--> statement-breakpoint
ALTER TABLE `oa_refreshes` ADD `kind` text DEFAULT 'full' NOT NULL;--> statement-breakpoint
ALTER TABLE `oa_refreshes` ADD `mark` text;