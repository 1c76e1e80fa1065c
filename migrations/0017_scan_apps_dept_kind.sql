CREATE TABLE `scan_apps` (
	`tenant_id` text NOT NULL,
	`corp_id` text NOT NULL,
	`app_id` text NOT NULL,
	`position` integer NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`corp_id`) REFERENCES `corps`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`app_id`) REFERENCES `apps`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `scan_apps_tenant_corp` ON `scan_apps` (`tenant_id`,`corp_id`);--> statement-breakpoint
ALTER TABLE `oa_departments` ADD `kind` text;--> statement-breakpoint
ALTER TABLE `oa_departments_staged` ADD `kind` text;