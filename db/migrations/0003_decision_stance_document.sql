ALTER TABLE `decision_stance` ADD `attachment_id` integer;--> statement-breakpoint
ALTER TABLE `decision_stance_history` ADD `attachment_id` integer;