CREATE TABLE `account_token` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`token_hash` text NOT NULL,
	`purpose` text NOT NULL,
	`user_id` integer NOT NULL,
	`created_by` integer,
	`expires_at` integer NOT NULL,
	`used_at` integer,
	`revoked_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `account_token_hash_uq` ON `account_token` (`token_hash`);--> statement-breakpoint
CREATE INDEX `account_token_user_idx` ON `account_token` (`user_id`);--> statement-breakpoint
CREATE TABLE `consortium` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`legal_form` text DEFAULT '任意協議会' NOT NULL,
	`fiscal_year_start_month` integer DEFAULT 4 NOT NULL,
	`decision_rule` text DEFAULT 'unanimity' NOT NULL,
	`discussion_rules` text DEFAULT '' NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `consortium_role` (
	`user_id` integer NOT NULL,
	`consortium_id` integer NOT NULL,
	`role` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`user_id`, `consortium_id`),
	FOREIGN KEY (`user_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`consortium_id`) REFERENCES `consortium`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `consortium_role_c_idx` ON `consortium_role` (`consortium_id`);--> statement-breakpoint
CREATE TABLE `login_attempt` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`key` text NOT NULL,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `login_attempt_key_at_idx` ON `login_attempt` (`key`,`at`);--> statement-breakpoint
CREATE TABLE `organization` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`consortium_id` integer NOT NULL,
	`kind` text NOT NULL,
	`name` text NOT NULL,
	`name_kana` text DEFAULT '' NOT NULL,
	`lg_code` text,
	`population` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`consortium_id`) REFERENCES `consortium`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `organization_name_uq` ON `organization` (`consortium_id`,`name`);--> statement-breakpoint
CREATE INDEX `organization_kind_idx` ON `organization` (`consortium_id`,`kind`);--> statement-breakpoint
CREATE TABLE `session` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` integer NOT NULL,
	`expires_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `session_user_idx` ON `session` (`user_id`);--> statement-breakpoint
CREATE TABLE `user` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`organization_id` integer NOT NULL,
	`email` text NOT NULL,
	`display_name` text NOT NULL,
	`display_name_kana` text DEFAULT '' NOT NULL,
	`department` text DEFAULT '' NOT NULL,
	`rank` text DEFAULT '担当者' NOT NULL,
	`locale` text DEFAULT 'ja' NOT NULL,
	`password_hash` text,
	`active` integer DEFAULT true NOT NULL,
	`org_admin` integer DEFAULT false NOT NULL,
	`access_until` text,
	`last_login_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`organization_id`) REFERENCES `organization`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `user_email_uq` ON `user` (lower("email"));--> statement-breakpoint
CREATE INDEX `user_org_idx` ON `user` (`organization_id`);--> statement-breakpoint
CREATE TABLE `milestone` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`project_id` integer NOT NULL,
	`name` text NOT NULL,
	`due_on` text NOT NULL,
	`done_on` text,
	`fixed` integer DEFAULT false NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`project_id`) REFERENCES `project`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `milestone_project_idx` ON `milestone` (`project_id`,`due_on`);--> statement-breakpoint
CREATE TABLE `project` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`consortium_id` integer NOT NULL,
	`name` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`phase` text DEFAULT '構想計画' NOT NULL,
	`starts_on` text,
	`ends_on` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`consortium_id`) REFERENCES `consortium`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `project_consortium_idx` ON `project` (`consortium_id`);--> statement-breakpoint
CREATE TABLE `project_organization` (
	`project_id` integer NOT NULL,
	`organization_id` integer NOT NULL,
	PRIMARY KEY(`project_id`, `organization_id`),
	FOREIGN KEY (`project_id`) REFERENCES `project`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`organization_id`) REFERENCES `organization`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `wg_membership` (
	`wg_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`role` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`wg_id`, `user_id`),
	FOREIGN KEY (`wg_id`) REFERENCES `working_group`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `wg_membership_user_idx` ON `wg_membership` (`user_id`);--> statement-breakpoint
CREATE TABLE `working_group` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`consortium_id` integer NOT NULL,
	`project_id` integer NOT NULL,
	`name` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`archived` integer DEFAULT false NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`consortium_id`) REFERENCES `consortium`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`project_id`) REFERENCES `project`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `wg_project_idx` ON `working_group` (`project_id`);--> statement-breakpoint
CREATE INDEX `wg_consortium_idx` ON `working_group` (`consortium_id`);--> statement-breakpoint
CREATE TABLE `attachment` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`consortium_id` integer NOT NULL,
	`issue_id` integer,
	`comment_id` integer,
	`sticky_note_id` integer,
	`decision_id` integer,
	`report_id` integer,
	`file_name` text NOT NULL,
	`mime` text NOT NULL,
	`size` integer NOT NULL,
	`sha256` text NOT NULL,
	`uploaded_by` integer NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`consortium_id`) REFERENCES `consortium`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`issue_id`) REFERENCES `issue`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`comment_id`) REFERENCES `comment`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`sticky_note_id`) REFERENCES `sticky_note`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`decision_id`) REFERENCES `decision`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`report_id`) REFERENCES `progress_report`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`uploaded_by`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `attachment_issue_idx` ON `attachment` (`issue_id`);--> statement-breakpoint
CREATE INDEX `attachment_comment_idx` ON `attachment` (`comment_id`);--> statement-breakpoint
CREATE INDEX `attachment_note_idx` ON `attachment` (`sticky_note_id`);--> statement-breakpoint
CREATE INDEX `attachment_decision_idx` ON `attachment` (`decision_id`);--> statement-breakpoint
CREATE INDEX `attachment_report_idx` ON `attachment` (`report_id`);--> statement-breakpoint
CREATE TABLE `comment` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`consortium_id` integer NOT NULL,
	`issue_id` integer,
	`decision_id` integer,
	`meeting_id` integer,
	`body` text NOT NULL,
	`internal` integer DEFAULT false NOT NULL,
	`is_answer` integer DEFAULT false NOT NULL,
	`author_id` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`deleted_at` integer,
	FOREIGN KEY (`consortium_id`) REFERENCES `consortium`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`issue_id`) REFERENCES `issue`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`decision_id`) REFERENCES `decision`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`meeting_id`) REFERENCES `meeting`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`author_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `comment_issue_idx` ON `comment` (`issue_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `comment_decision_idx` ON `comment` (`decision_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `comment_meeting_idx` ON `comment` (`meeting_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `comment_revision` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`comment_id` integer NOT NULL,
	`body` text NOT NULL,
	`edited_by` integer NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`comment_id`) REFERENCES `comment`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`edited_by`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `comment_revision_comment_idx` ON `comment_revision` (`comment_id`);--> statement-breakpoint
CREATE TABLE `issue` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`consortium_id` integer NOT NULL,
	`wg_id` integer NOT NULL,
	`number` integer NOT NULL,
	`title` text NOT NULL,
	`body` text DEFAULT '' NOT NULL,
	`type` text DEFAULT '課題' NOT NULL,
	`status` text DEFAULT '未着手' NOT NULL,
	`priority` text DEFAULT '中' NOT NULL,
	`assignee_id` integer,
	`ball_holder_org_id` integer,
	`due_on` text,
	`vendor_visible` integer DEFAULT false NOT NULL,
	`carry_over_count` integer DEFAULT 0 NOT NULL,
	`created_by` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`closed_at` integer,
	FOREIGN KEY (`consortium_id`) REFERENCES `consortium`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`wg_id`) REFERENCES `working_group`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`assignee_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`ball_holder_org_id`) REFERENCES `organization`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `issue_number_uq` ON `issue` (`consortium_id`,`number`);--> statement-breakpoint
CREATE INDEX `issue_wg_status_idx` ON `issue` (`wg_id`,`status`,`updated_at`);--> statement-breakpoint
CREATE INDEX `issue_wg_due_idx` ON `issue` (`wg_id`,`due_on`);--> statement-breakpoint
CREATE INDEX `issue_wg_carry_idx` ON `issue` (`wg_id`,`carry_over_count`);--> statement-breakpoint
CREATE INDEX `issue_assignee_idx` ON `issue` (`assignee_id`,`status`);--> statement-breakpoint
CREATE INDEX `issue_ball_idx` ON `issue` (`ball_holder_org_id`,`status`);--> statement-breakpoint
CREATE TABLE `issue_journal` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`issue_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`field` text NOT NULL,
	`old_value` text,
	`new_value` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`issue_id`) REFERENCES `issue`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `issue_journal_issue_idx` ON `issue_journal` (`issue_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `issue_label` (
	`issue_id` integer NOT NULL,
	`label_id` integer NOT NULL,
	PRIMARY KEY(`issue_id`, `label_id`),
	FOREIGN KEY (`issue_id`) REFERENCES `issue`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`label_id`) REFERENCES `label`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `issue_label_label_idx` ON `issue_label` (`label_id`);--> statement-breakpoint
CREATE TABLE `issue_organization` (
	`issue_id` integer NOT NULL,
	`organization_id` integer NOT NULL,
	PRIMARY KEY(`issue_id`, `organization_id`),
	FOREIGN KEY (`issue_id`) REFERENCES `issue`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`organization_id`) REFERENCES `organization`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `issue_org_org_idx` ON `issue_organization` (`organization_id`);--> statement-breakpoint
CREATE TABLE `issue_postponement` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`issue_id` integer NOT NULL,
	`kind` text NOT NULL,
	`from_due` text,
	`to_due` text,
	`reason` text DEFAULT '' NOT NULL,
	`meeting_id` integer,
	`user_id` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`issue_id`) REFERENCES `issue`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`meeting_id`) REFERENCES `meeting`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `issue_postponement_issue_idx` ON `issue_postponement` (`issue_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `label` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`consortium_id` integer NOT NULL,
	`name` text NOT NULL,
	`color` text DEFAULT '#64748b' NOT NULL,
	FOREIGN KEY (`consortium_id`) REFERENCES `consortium`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `label_name_uq` ON `label` (`consortium_id`,`name`);--> statement-breakpoint
CREATE TABLE `agenda_item` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`meeting_id` integer NOT NULL,
	`position` integer NOT NULL,
	`title` text NOT NULL,
	`issue_id` integer,
	FOREIGN KEY (`meeting_id`) REFERENCES `meeting`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`issue_id`) REFERENCES `issue`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `agenda_item_meeting_idx` ON `agenda_item` (`meeting_id`,`position`);--> statement-breakpoint
CREATE INDEX `agenda_item_issue_idx` ON `agenda_item` (`issue_id`);--> statement-breakpoint
CREATE TABLE `meeting` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`consortium_id` integer NOT NULL,
	`project_id` integer NOT NULL,
	`wg_id` integer,
	`kind` text NOT NULL,
	`rank` text,
	`title` text NOT NULL,
	`starts_at` integer NOT NULL,
	`ends_at` integer,
	`place` text DEFAULT '' NOT NULL,
	`online_url` text DEFAULT '' NOT NULL,
	`host_org_id` integer,
	`vendor_visible` integer DEFAULT false NOT NULL,
	`state` text DEFAULT '予定' NOT NULL,
	`chair_id` integer,
	`previous_meeting_id` integer,
	`created_by` integer NOT NULL,
	`created_at` integer NOT NULL,
	`locked_at` integer,
	FOREIGN KEY (`consortium_id`) REFERENCES `consortium`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`project_id`) REFERENCES `project`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`wg_id`) REFERENCES `working_group`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`host_org_id`) REFERENCES `organization`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`chair_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `meeting_wg_idx` ON `meeting` (`wg_id`,`starts_at`);--> statement-breakpoint
CREATE INDEX `meeting_project_idx` ON `meeting` (`project_id`,`starts_at`);--> statement-breakpoint
CREATE TABLE `meeting_attendee` (
	`meeting_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`attendance` text DEFAULT '未回答' NOT NULL,
	PRIMARY KEY(`meeting_id`, `user_id`),
	FOREIGN KEY (`meeting_id`) REFERENCES `meeting`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `meeting_attendee_user_idx` ON `meeting_attendee` (`user_id`);--> statement-breakpoint
CREATE TABLE `minutes_confirmation` (
	`meeting_id` integer NOT NULL,
	`organization_id` integer NOT NULL,
	`confirmed_by` integer NOT NULL,
	`confirmed_at` integer NOT NULL,
	PRIMARY KEY(`meeting_id`, `organization_id`),
	FOREIGN KEY (`meeting_id`) REFERENCES `meeting`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`organization_id`) REFERENCES `organization`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`confirmed_by`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `sticky_note` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`meeting_id` integer NOT NULL,
	`author_id` integer NOT NULL,
	`kind` text DEFAULT '発言' NOT NULL,
	`text` text NOT NULL,
	`color` text DEFAULT 'yellow' NOT NULL,
	`agenda_item_id` integer,
	`position` real DEFAULT 0 NOT NULL,
	`x` real,
	`y` real,
	`cluster` text,
	`internal` integer DEFAULT false NOT NULL,
	`issue_id` integer,
	`decision_id` integer,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`deleted_at` integer,
	FOREIGN KEY (`meeting_id`) REFERENCES `meeting`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`author_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`agenda_item_id`) REFERENCES `agenda_item`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`issue_id`) REFERENCES `issue`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`decision_id`) REFERENCES `decision`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `sticky_note_meeting_idx` ON `sticky_note` (`meeting_id`,`agenda_item_id`,`position`);--> statement-breakpoint
CREATE TABLE `decision` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`consortium_id` integer NOT NULL,
	`project_id` integer NOT NULL,
	`wg_id` integer,
	`number` text NOT NULL,
	`fiscal_year` integer NOT NULL,
	`sequence` integer NOT NULL,
	`title` text NOT NULL,
	`body` text DEFAULT '' NOT NULL,
	`rationale` text DEFAULT '' NOT NULL,
	`options_considered` text DEFAULT '' NOT NULL,
	`status` text DEFAULT '起案' NOT NULL,
	`rule` text,
	`source_meeting_id` integer,
	`source_note_id` integer,
	`supersedes_id` integer,
	`superseded_by_id` integer,
	`stance_due_on` text,
	`effective_on` text,
	`review_on` text,
	`withdrawn_reason` text,
	`vendor_visible` integer DEFAULT false NOT NULL,
	`decided_at` integer,
	`created_by` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`consortium_id`) REFERENCES `consortium`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`project_id`) REFERENCES `project`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`wg_id`) REFERENCES `working_group`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `decision_number_uq` ON `decision` (`consortium_id`,`number`);--> statement-breakpoint
CREATE INDEX `decision_project_idx` ON `decision` (`project_id`,`status`);--> statement-breakpoint
CREATE TABLE `decision_issue` (
	`decision_id` integer NOT NULL,
	`issue_id` integer NOT NULL,
	`relation` text NOT NULL,
	PRIMARY KEY(`decision_id`, `issue_id`),
	FOREIGN KEY (`decision_id`) REFERENCES `decision`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`issue_id`) REFERENCES `issue`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `decision_issue_issue_idx` ON `decision_issue` (`issue_id`);--> statement-breakpoint
CREATE TABLE `decision_organization` (
	`decision_id` integer NOT NULL,
	`organization_id` integer NOT NULL,
	PRIMARY KEY(`decision_id`, `organization_id`),
	FOREIGN KEY (`decision_id`) REFERENCES `decision`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`organization_id`) REFERENCES `organization`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `decision_stance` (
	`decision_id` integer NOT NULL,
	`organization_id` integer NOT NULL,
	`stance` text,
	`approval` text DEFAULT '未説明' NOT NULL,
	`approved_on` text,
	`comment` text DEFAULT '' NOT NULL,
	`recorded_by` integer,
	`recorded_at` integer,
	PRIMARY KEY(`decision_id`, `organization_id`),
	FOREIGN KEY (`decision_id`) REFERENCES `decision`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`organization_id`) REFERENCES `organization`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`recorded_by`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `decision_stance_org_idx` ON `decision_stance` (`organization_id`);--> statement-breakpoint
CREATE TABLE `decision_stance_history` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`decision_id` integer NOT NULL,
	`organization_id` integer NOT NULL,
	`stance` text,
	`approval` text NOT NULL,
	`approved_on` text,
	`comment` text DEFAULT '' NOT NULL,
	`recorded_by` integer NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`decision_id`) REFERENCES `decision`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`organization_id`) REFERENCES `organization`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`recorded_by`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `decision_stance_history_idx` ON `decision_stance_history` (`decision_id`,`organization_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `progress_report` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`consortium_id` integer NOT NULL,
	`project_id` integer NOT NULL,
	`period` text NOT NULL,
	`title` text NOT NULL,
	`narrative` text DEFAULT '' NOT NULL,
	`audience_rank` text DEFAULT '経営層' NOT NULL,
	`snapshot` text NOT NULL,
	`lights` text DEFAULT '{}' NOT NULL,
	`highlights` text DEFAULT '{}' NOT NULL,
	`status` text DEFAULT '下書き' NOT NULL,
	`corrects_id` integer,
	`published_by` integer,
	`published_at` integer,
	`created_by` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`consortium_id`) REFERENCES `consortium`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`project_id`) REFERENCES `project`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`published_by`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `report_project_idx` ON `progress_report` (`project_id`,`status`,`period`);--> statement-breakpoint
CREATE TABLE `audit_event` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`consortium_id` integer,
	`actor_id` integer,
	`actor_org_id` integer,
	`action` text NOT NULL,
	`entity_type` text NOT NULL,
	`entity_id` text,
	`before` text,
	`after` text,
	`ip` text,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `audit_consortium_at_idx` ON `audit_event` (`consortium_id`,`at`);--> statement-breakpoint
CREATE INDEX `audit_actor_idx` ON `audit_event` (`actor_id`,`at`);--> statement-breakpoint
CREATE INDEX `audit_entity_idx` ON `audit_event` (`entity_type`,`entity_id`);--> statement-breakpoint
CREATE TABLE `live_event` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`channel` text NOT NULL,
	`kind` text NOT NULL,
	`audience` text DEFAULT 'all' NOT NULL,
	`payload` text DEFAULT '{}' NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `live_event_channel_idx` ON `live_event` (`channel`,`id`);--> statement-breakpoint
CREATE TABLE `notification` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`consortium_id` integer,
	`kind` text NOT NULL,
	`entity_type` text NOT NULL,
	`entity_id` text NOT NULL,
	`title` text NOT NULL,
	`url` text NOT NULL,
	`reason` text DEFAULT '' NOT NULL,
	`actor_id` integer,
	`created_at` integer NOT NULL,
	`read_at` integer,
	FOREIGN KEY (`user_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `notification_user_idx` ON `notification` (`user_id`,`read_at`,`created_at`);