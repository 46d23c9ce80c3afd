ALTER TABLE `comment` ADD `source_meeting_id` integer;--> statement-breakpoint
ALTER TABLE `comment` ADD `source_note_id` integer;--> statement-breakpoint
ALTER TABLE `issue` ADD `source_meeting_id` integer;--> statement-breakpoint
ALTER TABLE `issue` ADD `source_note_id` integer;