CREATE TABLE `import_memory` (
	`consortium_id` integer PRIMARY KEY NOT NULL,
	`columns` text DEFAULT '{}' NOT NULL,
	`values` text DEFAULT '{}' NOT NULL,
	`organizations` text DEFAULT '{}' NOT NULL,
	`updated_by` integer,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`consortium_id`) REFERENCES `consortium`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`updated_by`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `imported_issue` (
	`import_id` integer NOT NULL,
	`issue_id` integer NOT NULL,
	PRIMARY KEY(`import_id`, `issue_id`),
	FOREIGN KEY (`import_id`) REFERENCES `issue_import`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`issue_id`) REFERENCES `issue`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `imported_issue_issue_idx` ON `imported_issue` (`issue_id`);--> statement-breakpoint
CREATE TABLE `issue_import` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`consortium_id` integer NOT NULL,
	`wg_id` integer NOT NULL,
	`created_by` integer NOT NULL,
	`file_name` text NOT NULL,
	`source` text NOT NULL,
	`file` blob,
	`settings` text,
	`state` text DEFAULT 'uploaded' NOT NULL,
	`total` integer DEFAULT 0 NOT NULL,
	`done` integer DEFAULT 0 NOT NULL,
	`comments` integer DEFAULT 0 NOT NULL,
	`history` integer DEFAULT 0 NOT NULL,
	`first_number` integer,
	`last_number` integer,
	`longest_chunk_ms` integer,
	`failure` text,
	`heartbeat_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`finished_at` integer,
	FOREIGN KEY (`consortium_id`) REFERENCES `consortium`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`wg_id`) REFERENCES `working_group`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `issue_import_consortium_idx` ON `issue_import` (`consortium_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `issue_import_state_idx` ON `issue_import` (`state`,`updated_at`);--> statement-breakpoint
ALTER TABLE `issue_journal` ADD `imported_author` text;--> statement-breakpoint
ALTER TABLE `comment` ADD `imported_author` text;