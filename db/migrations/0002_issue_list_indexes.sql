DROP INDEX `issue_assignee_idx`;--> statement-breakpoint
DROP INDEX `issue_ball_idx`;--> statement-breakpoint
CREATE INDEX `issue_wg_updated_idx` ON `issue` (`wg_id`,`updated_at`);--> statement-breakpoint
CREATE INDEX `issue_consortium_status_idx` ON `issue` (`consortium_id`,`status`,`updated_at`);--> statement-breakpoint
CREATE INDEX `issue_consortium_updated_idx` ON `issue` (`consortium_id`,`updated_at`);--> statement-breakpoint
CREATE INDEX `issue_consortium_due_idx` ON `issue` (`consortium_id`,`due_on`);--> statement-breakpoint
CREATE INDEX `issue_consortium_carry_idx` ON `issue` (`consortium_id`,`carry_over_count`);--> statement-breakpoint
CREATE INDEX `issue_assignee_idx` ON `issue` (`assignee_id`,`status`,`due_on`);--> statement-breakpoint
CREATE INDEX `issue_ball_idx` ON `issue` (`ball_holder_org_id`,`status`,`due_on`);