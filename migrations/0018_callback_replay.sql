CREATE TABLE `callback_replay` (
	`tenant_id` text NOT NULL,
	`digest` text NOT NULL,
	`expires_at` integer NOT NULL,
	PRIMARY KEY(`tenant_id`, `digest`),
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `callback_replay_expires` ON `callback_replay` (`expires_at`);