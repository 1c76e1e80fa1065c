CREATE TABLE `deliveries` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`message_id` text NOT NULL,
	`rule_id` text NOT NULL,
	`corp_id` text NOT NULL,
	`app_id` text NOT NULL,
	`type` text NOT NULL,
	`oa_user_id` text NOT NULL,
	`welink_user_id` text,
	`status` text NOT NULL,
	`reason` text,
	`welink_code` text,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer,
	`claimed_at` integer,
	`claimed_by` text,
	`todo_key` text,
	`seq` integer NOT NULL,
	`first_attempt_at` integer,
	`sent_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`message_id`) REFERENCES `messages`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`corp_id`) REFERENCES `corps`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `deliveries_due` ON `deliveries` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE INDEX `deliveries_message` ON `deliveries` (`message_id`);--> statement-breakpoint
CREATE INDEX `deliveries_todo` ON `deliveries` (`todo_key`,`seq`);--> statement-breakpoint
CREATE INDEX `deliveries_tenant_status` ON `deliveries` (`tenant_id`,`status`,`created_at`);--> statement-breakpoint
CREATE TABLE `delivery_attempts` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`delivery_id` text NOT NULL,
	`at` integer NOT NULL,
	`ok` integer NOT NULL,
	`welink_code` text,
	`error` text,
	`latency_ms` integer NOT NULL,
	`next_attempt_at` integer,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`delivery_id`) REFERENCES `deliveries`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `delivery_attempts_delivery` ON `delivery_attempts` (`delivery_id`,`at`);--> statement-breakpoint
CREATE TABLE `idempotency_keys` (
	`tenant_id` text NOT NULL,
	`key` text NOT NULL,
	`request_hash` text NOT NULL,
	`status` integer NOT NULL,
	`response` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`tenant_id`, `key`),
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `idempotency_keys_created` ON `idempotency_keys` (`created_at`);--> statement-breakpoint
CREATE TABLE `messages` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`source` text NOT NULL,
	`external_id` text NOT NULL,
	`kind` text NOT NULL,
	`content_hash` text NOT NULL,
	`title` text NOT NULL,
	`body` text,
	`mobile_url` text,
	`pc_url` text,
	`sender` text,
	`recipients` text NOT NULL,
	`occurred_at` integer,
	`received_at` integer NOT NULL,
	`status` text NOT NULL,
	`rule_ids` text DEFAULT '[]' NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `messages_identity` ON `messages` (`tenant_id`,`source`,`external_id`,`kind`,`content_hash`);--> statement-breakpoint
CREATE INDEX `messages_received` ON `messages` (`tenant_id`,`received_at`);--> statement-breakpoint
CREATE INDEX `messages_external` ON `messages` (`tenant_id`,`external_id`);--> statement-breakpoint
CREATE TABLE `push_rules` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`name` text NOT NULL,
	`enabled` integer DEFAULT true NOT NULL,
	`sources` text NOT NULL,
	`targets` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `push_rules_tenant` ON `push_rules` (`tenant_id`);