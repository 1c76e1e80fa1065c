CREATE TABLE `cas_services` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`name` text NOT NULL,
	`url_prefix` text NOT NULL,
	`attributes` text NOT NULL,
	`single_logout` integer DEFAULT true NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `cas_services_tenant` ON `cas_services` (`tenant_id`);--> statement-breakpoint
CREATE TABLE `cas_tickets` (
	`ticket_hash` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`service_id` text NOT NULL,
	`service` text NOT NULL,
	`session_id` text NOT NULL,
	`from_new_login` integer NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`used_at` integer,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `cas_tickets_session` ON `cas_tickets` (`session_id`);--> statement-breakpoint
CREATE INDEX `cas_tickets_expiry` ON `cas_tickets` (`expires_at`);--> statement-breakpoint
CREATE TABLE `oidc_clients` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`client_id` text NOT NULL,
	`name` text NOT NULL,
	`type` text NOT NULL,
	`secret_hash` text,
	`redirect_uris` text NOT NULL,
	`post_logout_uris` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `oidc_clients_client_id` ON `oidc_clients` (`client_id`);--> statement-breakpoint
CREATE INDEX `oidc_clients_tenant` ON `oidc_clients` (`tenant_id`);--> statement-breakpoint
CREATE TABLE `oidc_codes` (
	`code_hash` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`client_id` text NOT NULL,
	`session_id` text NOT NULL,
	`redirect_uri` text NOT NULL,
	`scope` text NOT NULL,
	`nonce` text,
	`code_challenge` text,
	`auth_time` integer NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`used_at` integer,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `oidc_codes_expiry` ON `oidc_codes` (`expires_at`);--> statement-breakpoint
CREATE TABLE `oidc_tokens` (
	`token_hash` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`client_id` text NOT NULL,
	`session_id` text NOT NULL,
	`code_hash` text NOT NULL,
	`scope` text NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`revoked_at` integer,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `oidc_tokens_code` ON `oidc_tokens` (`code_hash`);--> statement-breakpoint
CREATE INDEX `oidc_tokens_session` ON `oidc_tokens` (`session_id`);--> statement-breakpoint
CREATE INDEX `oidc_tokens_expiry` ON `oidc_tokens` (`expires_at`);--> statement-breakpoint
CREATE TABLE `sign_in_sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`token_hash` text NOT NULL,
	`corp_id` text NOT NULL,
	`app_id` text,
	`welink_user_id` text NOT NULL,
	`oa_user_id` text NOT NULL,
	`channel` text NOT NULL,
	`created_at` integer NOT NULL,
	`proved_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`last_seen_at` integer NOT NULL,
	`ended_at` integer,
	`end_reason` text,
	`ip` text,
	`user_agent` text,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sign_in_sessions_token` ON `sign_in_sessions` (`token_hash`);--> statement-breakpoint
CREATE INDEX `sign_in_sessions_person` ON `sign_in_sessions` (`tenant_id`,`oa_user_id`,`ended_at`);--> statement-breakpoint
CREATE INDEX `sign_in_sessions_expiry` ON `sign_in_sessions` (`ended_at`,`expires_at`);--> statement-breakpoint
CREATE TABLE `sso_settings` (
	`tenant_id` text PRIMARY KEY NOT NULL,
	`method` text DEFAULT 'handoff' NOT NULL,
	`session_minutes` integer DEFAULT 480 NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade
);
