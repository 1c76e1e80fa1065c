CREATE TABLE `push_items` (
	`run_id` text NOT NULL,
	`seq` integer NOT NULL,
	`tenant_id` text NOT NULL,
	`object` text NOT NULL,
	`action` text NOT NULL,
	`oa_id` text,
	`welink_id` text,
	`name` text NOT NULL,
	`parent_oa_id` text,
	`depth` integer DEFAULT 0 NOT NULL,
	`desired` text,
	`changes` text,
	`reason` text NOT NULL,
	`state` text DEFAULT 'planned' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`error` text,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`run_id`, `seq`),
	FOREIGN KEY (`run_id`) REFERENCES `sync_runs`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `push_items_state` ON `push_items` (`run_id`,`state`);--> statement-breakpoint
CREATE TABLE `push_settings` (
	`corp_id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`top_dept_code` text,
	`add_new_people` integer DEFAULT false NOT NULL,
	`field_mapping` text NOT NULL,
	`include_part_time` integer DEFAULT false NOT NULL,
	`scope_depts` text DEFAULT '[]' NOT NULL,
	`scope_include` text DEFAULT '[]' NOT NULL,
	`scope_exclude` text DEFAULT '[]' NOT NULL,
	`removal_mode` text DEFAULT 'close' NOT NULL,
	`decrease_threshold` integer,
	`breaker_users_max` integer DEFAULT 500 NOT NULL,
	`breaker_users_pct` integer DEFAULT 5 NOT NULL,
	`breaker_depts_max` integer DEFAULT 20 NOT NULL,
	`breaker_depts_pct` integer DEFAULT 5 NOT NULL,
	`schedule_kind` text DEFAULT 'none' NOT NULL,
	`first_run_at` integer,
	`period_minutes` integer,
	`cron` text,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`corp_id`) REFERENCES `corps`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
ALTER TABLE `sync_runs` ADD `dry_run` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `sync_runs` ADD `plan_digest` text;