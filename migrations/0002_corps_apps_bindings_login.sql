CREATE TABLE `binding_lockouts` (
	`tenant_id` text NOT NULL,
	`corp_id` text NOT NULL,
	`welink_user_id` text NOT NULL,
	`failures` integer DEFAULT 0 NOT NULL,
	`locked_until` integer,
	PRIMARY KEY(`corp_id`, `welink_user_id`),
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`corp_id`) REFERENCES `corps`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `bindings` (
	`tenant_id` text NOT NULL,
	`corp_id` text NOT NULL,
	`welink_user_id` text NOT NULL,
	`oa_user_id` text NOT NULL,
	`method` text NOT NULL,
	`created_at` integer NOT NULL,
	`created_by` text NOT NULL,
	PRIMARY KEY(`corp_id`, `welink_user_id`),
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`corp_id`) REFERENCES `corps`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `bindings_corp_oa` ON `bindings` (`corp_id`,`oa_user_id`);--> statement-breakpoint
CREATE INDEX `bindings_tenant` ON `bindings` (`tenant_id`);--> statement-breakpoint
CREATE TABLE `handoffs` (
	`jti` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`oa_user_id` text NOT NULL,
	`expires_at` integer NOT NULL,
	`redeemed_at` integer,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `handoffs_expiry` ON `handoffs` (`expires_at`);--> statement-breakpoint
CREATE TABLE `login_log` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`at` integer NOT NULL,
	`channel` text NOT NULL,
	`corp_id` text,
	`app_id` text,
	`welink_user_id` text,
	`oa_user_id` text,
	`user_name` text,
	`oa_account` text,
	`mobile` text,
	`result` text NOT NULL,
	`reason` text NOT NULL,
	`ip` text,
	`user_agent` text,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `login_log_tenant_at` ON `login_log` (`tenant_id`,`at`);--> statement-breakpoint
CREATE TABLE `oa_portals` (
	`tenant_id` text PRIMARY KEY NOT NULL,
	`web_base_url` text NOT NULL,
	`sso_path` text NOT NULL,
	`handoff_alg` text DEFAULT 'ES256' NOT NULL,
	`modules` text NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `signing_keys` (
	`kid` text PRIMARY KEY NOT NULL,
	`alg` text NOT NULL,
	`public_jwk` text NOT NULL,
	`private_jwk` text NOT NULL,
	`created_at` integer NOT NULL,
	`verify_until` integer
);
--> statement-breakpoint
CREATE TABLE `apps` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`corp_id` text NOT NULL,
	`name` text NOT NULL,
	`client_id` text NOT NULL,
	`client_secret` text NOT NULL,
	`app_key` text NOT NULL,
	`enabled` integer DEFAULT true NOT NULL,
	`target_kind` text DEFAULT 'module' NOT NULL,
	`target_value` text DEFAULT '' NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`corp_id`) REFERENCES `corps`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `apps_app_key_unique` ON `apps` (`app_key`);--> statement-breakpoint
CREATE UNIQUE INDEX `apps_corp_client` ON `apps` (`corp_id`,`client_id`);--> statement-breakpoint
CREATE INDEX `apps_tenant` ON `apps` (`tenant_id`);--> statement-breakpoint
CREATE TABLE `corps` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`name` text NOT NULL,
	`welink_tenant_id` text NOT NULL,
	`api_base_url` text NOT NULL,
	`enabled` integer DEFAULT true NOT NULL,
	`contact_permission` text DEFAULT 'read-only' NOT NULL,
	`sync_app_id` text,
	`binding_rule` text DEFAULT '{"enabled":false,"fields":["mobile"],"combine":"or"}' NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `corps_tenant_welink` ON `corps` (`tenant_id`,`welink_tenant_id`);