CREATE TABLE `binding_reviews` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`corp_id` text NOT NULL,
	`welink_user_id` text NOT NULL,
	`field` text NOT NULL,
	`candidates` text NOT NULL,
	`created_at` integer NOT NULL,
	`resolved_at` integer,
	`resolution` text,
	`resolved_by` text,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`corp_id`) REFERENCES `corps`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `binding_reviews_open` ON `binding_reviews` (`corp_id`,`resolved_at`);--> statement-breakpoint
CREATE INDEX `binding_reviews_user` ON `binding_reviews` (`corp_id`,`welink_user_id`);--> statement-breakpoint
CREATE TABLE `dept_bindings` (
	`tenant_id` text NOT NULL,
	`corp_id` text NOT NULL,
	`dept_code` text NOT NULL,
	`oa_dept_id` text NOT NULL,
	`method` text NOT NULL,
	`created_at` integer NOT NULL,
	`created_by` text NOT NULL,
	PRIMARY KEY(`corp_id`, `dept_code`),
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`corp_id`) REFERENCES `corps`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `dept_bindings_corp_oa` ON `dept_bindings` (`corp_id`,`oa_dept_id`);--> statement-breakpoint
CREATE TABLE `welink_depts` (
	`tenant_id` text NOT NULL,
	`corp_id` text NOT NULL,
	`dept_code` text NOT NULL,
	`corp_dept_code` text,
	`parent_code` text NOT NULL,
	`name_cn` text NOT NULL,
	`name_en` text,
	`order_no` integer DEFAULT 0 NOT NULL,
	`removed_at` integer,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`corp_id`, `dept_code`),
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`corp_id`) REFERENCES `corps`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `welink_depts_parent` ON `welink_depts` (`corp_id`,`parent_code`);--> statement-breakpoint
CREATE TABLE `welink_users` (
	`tenant_id` text NOT NULL,
	`corp_id` text NOT NULL,
	`user_id` text NOT NULL,
	`corp_user_id` text,
	`name_cn` text NOT NULL,
	`name_en` text,
	`mobile` text,
	`email` text,
	`employee_id` text,
	`position` text,
	`main_dept_code` text,
	`dept_codes` text DEFAULT '[]' NOT NULL,
	`status` integer DEFAULT 3 NOT NULL,
	`removed_at` integer,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`corp_id`, `user_id`),
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`corp_id`) REFERENCES `corps`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `welink_users_mobile` ON `welink_users` (`corp_id`,`mobile`);--> statement-breakpoint
CREATE INDEX `welink_users_email` ON `welink_users` (`corp_id`,`email`);--> statement-breakpoint
CREATE INDEX `welink_users_dept` ON `welink_users` (`corp_id`,`main_dept_code`);--> statement-breakpoint
CREATE TABLE `pull_settings` (
	`corp_id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`clear_missing` integer DEFAULT false NOT NULL,
	`auto_bind` integer DEFAULT false NOT NULL,
	`shrink_threshold_pct` integer DEFAULT 10 NOT NULL,
	`schedule_kind` text DEFAULT 'none' NOT NULL,
	`first_run_at` integer,
	`period_minutes` integer,
	`cron` text,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`corp_id`) REFERENCES `corps`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `sync_changes` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`run_id` text NOT NULL,
	`object` text NOT NULL,
	`object_id` text NOT NULL,
	`action` text NOT NULL,
	`before` text,
	`after` text,
	`applied` integer DEFAULT true NOT NULL,
	`reason` text,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`run_id`) REFERENCES `sync_runs`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `sync_changes_run` ON `sync_changes` (`run_id`);--> statement-breakpoint
CREATE INDEX `sync_changes_object` ON `sync_changes` (`tenant_id`,`object_id`);--> statement-breakpoint
CREATE TABLE `sync_runs` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`corp_id` text NOT NULL,
	`kind` text NOT NULL,
	`trigger` text NOT NULL,
	`status` text NOT NULL,
	`started_at` integer NOT NULL,
	`finished_at` integer,
	`progress` text,
	`added` integer DEFAULT 0 NOT NULL,
	`updated` integer DEFAULT 0 NOT NULL,
	`moved` integer DEFAULT 0 NOT NULL,
	`removed` integer DEFAULT 0 NOT NULL,
	`failed` integer DEFAULT 0 NOT NULL,
	`held_reason` text,
	`error` text,
	`dept_count` integer,
	`user_count` integer,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`corp_id`) REFERENCES `corps`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `sync_runs_corp` ON `sync_runs` (`corp_id`,`started_at`);