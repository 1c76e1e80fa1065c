CREATE TABLE `login_tickets` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`app_id` text NOT NULL,
	`corp_id` text NOT NULL,
	`token_hash` text NOT NULL,
	`secret_hash` text NOT NULL,
	`state` text NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`browser_ip` text,
	`browser_user_agent` text,
	`origin` text,
	`target` text,
	`browser_trusted` integer DEFAULT false NOT NULL,
	`scanned_at` integer,
	`welink_user_id` text,
	`user_name` text,
	`phone_ip` text,
	`phone_user_agent` text,
	`oa_user_id` text,
	`oa_account` text,
	`confirmed_at` integer,
	`ended_at` integer,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `login_tickets_token` ON `login_tickets` (`token_hash`);--> statement-breakpoint
CREATE INDEX `login_tickets_expiry` ON `login_tickets` (`state`,`expires_at`);--> statement-breakpoint
CREATE INDEX `login_tickets_tenant` ON `login_tickets` (`tenant_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `scan_settings` (
	`tenant_id` text PRIMARY KEY NOT NULL,
	`enabled` integer DEFAULT false NOT NULL,
	`app_id` text,
	`trusted_networks` text NOT NULL,
	`allowed_origins` text NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
ALTER TABLE `login_log` ADD `ticket_id` text;--> statement-breakpoint
ALTER TABLE `login_log` ADD `browser_ip` text;--> statement-breakpoint
ALTER TABLE `login_log` ADD `browser_user_agent` text;--> statement-breakpoint
CREATE INDEX `login_log_ticket` ON `login_log` (`ticket_id`);