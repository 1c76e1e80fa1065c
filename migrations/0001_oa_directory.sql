CREATE TABLE `csv_imports` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`kind` text NOT NULL,
	`file_name` text NOT NULL,
	`encoding` text NOT NULL,
	`created_at` integer NOT NULL,
	`created_by` text NOT NULL,
	`total_rows` integer NOT NULL,
	`ok_rows` integer NOT NULL,
	`failed_rows` integer NOT NULL,
	`created_depts` integer DEFAULT 0 NOT NULL,
	`result_csv` text NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `csv_imports_tenant` ON `csv_imports` (`tenant_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `oa_connections` (
	`tenant_id` text PRIMARY KEY NOT NULL,
	`type` text NOT NULL,
	`settings` text NOT NULL,
	`secrets` text,
	`refresh_cron` text,
	`updated_at` integer NOT NULL,
	`updated_by` text NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `oa_departments` (
	`tenant_id` text NOT NULL,
	`id` text NOT NULL,
	`parent_id` text,
	`name` text NOT NULL,
	`order` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`tenant_id`, `id`),
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `oa_departments_parent` ON `oa_departments` (`tenant_id`,`parent_id`);--> statement-breakpoint
CREATE TABLE `oa_refreshes` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`trigger` text NOT NULL,
	`status` text NOT NULL,
	`started_at` integer NOT NULL,
	`finished_at` integer,
	`dept_count` integer,
	`user_count` integer,
	`error_code` text,
	`error` text,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `oa_refreshes_tenant` ON `oa_refreshes` (`tenant_id`,`started_at`);--> statement-breakpoint
CREATE TABLE `oa_users` (
	`tenant_id` text NOT NULL,
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
	PRIMARY KEY(`tenant_id`, `id`),
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `oa_users_account` ON `oa_users` (`tenant_id`,`account`);--> statement-breakpoint
CREATE INDEX `oa_users_mobile` ON `oa_users` (`tenant_id`,`mobile`);--> statement-breakpoint
CREATE INDEX `oa_users_email` ON `oa_users` (`tenant_id`,`email`);--> statement-breakpoint
CREATE INDEX `oa_users_dept` ON `oa_users` (`tenant_id`,`main_dept_id`);