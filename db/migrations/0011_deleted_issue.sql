CREATE TABLE `deleted_issue` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`consortium_id` integer NOT NULL,
	`number` integer NOT NULL,
	`title` text NOT NULL,
	`wg_id` integer NOT NULL,
	`reason` text NOT NULL,
	`deleted_by` integer NOT NULL,
	`deleted_at` integer NOT NULL,
	`payload` text,
	`purged_at` integer,
	FOREIGN KEY (`consortium_id`) REFERENCES `consortium`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`deleted_by`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `deleted_issue_number_uq` ON `deleted_issue` (`consortium_id`,`number`);--> statement-breakpoint
CREATE INDEX `deleted_issue_wg_idx` ON `deleted_issue` (`wg_id`);