ALTER TABLE `consortium` ADD `approval_required` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `decision` ADD `approval_required` integer;