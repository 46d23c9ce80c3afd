-- drizzle-kit splits an expression index at its comma; the two due_first indexes are written by hand.
DROP INDEX `issue_wg_status_idx`;--> statement-breakpoint
DROP INDEX `issue_wg_updated_idx`;--> statement-breakpoint
DROP INDEX `issue_consortium_status_idx`;--> statement-breakpoint
DROP INDEX `issue_consortium_updated_idx`;--> statement-breakpoint
DROP INDEX `issue_consortium_due_idx`;--> statement-breakpoint
DROP INDEX `issue_consortium_due_first_idx`;--> statement-breakpoint
DROP INDEX `issue_consortium_carry_idx`;--> statement-breakpoint
DROP INDEX `issue_wg_due_idx`;--> statement-breakpoint
DROP INDEX `issue_wg_due_first_idx`;--> statement-breakpoint
DROP INDEX `issue_wg_carry_idx`;--> statement-breakpoint
CREATE INDEX `issue_wg_status_idx` ON `issue` (`wg_id`,`status`,`updated_at`,`number`,`type`);--> statement-breakpoint
CREATE INDEX `issue_wg_updated_idx` ON `issue` (`wg_id`,`updated_at`,`number`,`status`,`type`);--> statement-breakpoint
CREATE INDEX `issue_consortium_status_idx` ON `issue` (`consortium_id`,`status`,`updated_at`,`number`,`type`);--> statement-breakpoint
CREATE INDEX `issue_consortium_updated_idx` ON `issue` (`consortium_id`,`updated_at`,`number`,`status`,`type`);--> statement-breakpoint
CREATE INDEX `issue_consortium_due_idx` ON `issue` (`consortium_id`,`due_on`,`number`,`status`,`type`);--> statement-breakpoint
CREATE INDEX `issue_consortium_due_first_idx` ON `issue` (`consortium_id`,coalesce("due_on", '9999-12-31'),"number" desc,`status`,`type`);--> statement-breakpoint
CREATE INDEX `issue_consortium_carry_idx` ON `issue` (`consortium_id`,`carry_over_count`,`number`,`status`,`type`);--> statement-breakpoint
CREATE INDEX `issue_wg_due_idx` ON `issue` (`wg_id`,`due_on`,`number`,`status`,`type`);--> statement-breakpoint
CREATE INDEX `issue_wg_due_first_idx` ON `issue` (`wg_id`,coalesce("due_on", '9999-12-31'),"number" desc,`status`,`type`);--> statement-breakpoint
CREATE INDEX `issue_wg_carry_idx` ON `issue` (`wg_id`,`carry_over_count`,`number`,`status`,`type`);