-- One person, many consortia (ADR 029). The sign-in moves from `user` to `account`; a `user`
-- row becomes a membership (one account in one consortium). Existing people keep their ids:
-- account id = user id, so every row that names a user still names the same membership.
-- Tables are rebuilt with foreign keys off (db/migrate.ts turns them off and checks them after).
CREATE TABLE `account` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`email` text NOT NULL,
	`password_hash` text,
	`locale` text DEFAULT 'ja' NOT NULL,
	`operator` integer DEFAULT false NOT NULL,
	`last_user_id` integer,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
INSERT INTO `account` ("id", "email", "password_hash", "locale", "operator", "last_user_id", "created_at")
	SELECT "id", "email", "password_hash", "locale", false, "id", "created_at" FROM `user`;--> statement-breakpoint
-- The installation's first PMO (who set it up) becomes its operator.
UPDATE `account` SET "operator" = true WHERE "id" = (SELECT min("user_id") FROM `consortium_role` WHERE "role" = 'pmo');--> statement-breakpoint
CREATE UNIQUE INDEX `account_email_uq` ON `account` (lower("email"));--> statement-breakpoint
CREATE TABLE `__new_user` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`account_id` integer NOT NULL,
	`consortium_id` integer NOT NULL,
	`organization_id` integer NOT NULL,
	`display_name` text NOT NULL,
	`display_name_kana` text DEFAULT '' NOT NULL,
	`department` text DEFAULT '' NOT NULL,
	`rank` text DEFAULT '担当者' NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`org_admin` integer DEFAULT false NOT NULL,
	`access_until` text,
	`last_login_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `account`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`consortium_id`) REFERENCES `consortium`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`organization_id`) REFERENCES `organization`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
INSERT INTO `__new_user` ("id", "account_id", "consortium_id", "organization_id", "display_name", "display_name_kana", "department", "rank", "active", "org_admin", "access_until", "last_login_at", "created_at")
	SELECT u."id", u."id", o."consortium_id", u."organization_id", u."display_name", u."display_name_kana", u."department", u."rank", u."active", u."org_admin", u."access_until", u."last_login_at", u."created_at"
	FROM `user` u JOIN `organization` o ON o."id" = u."organization_id";--> statement-breakpoint
DROP TABLE `user`;--> statement-breakpoint
ALTER TABLE `__new_user` RENAME TO `user`;--> statement-breakpoint
CREATE UNIQUE INDEX `user_account_consortium_uq` ON `user` (`account_id`,`consortium_id`);--> statement-breakpoint
CREATE INDEX `user_org_idx` ON `user` (`organization_id`);--> statement-breakpoint
CREATE INDEX `user_consortium_idx` ON `user` (`consortium_id`);--> statement-breakpoint
CREATE TABLE `__new_account_token` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`token_hash` text NOT NULL,
	`purpose` text NOT NULL,
	`account_id` integer NOT NULL,
	`user_id` integer,
	`created_by` integer,
	`expires_at` integer NOT NULL,
	`used_at` integer,
	`revoked_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `account`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
INSERT INTO `__new_account_token` ("id", "token_hash", "purpose", "account_id", "user_id", "created_by", "expires_at", "used_at", "revoked_at", "created_at")
	SELECT "id", "token_hash", "purpose", "user_id", "user_id", "created_by", "expires_at", "used_at", "revoked_at", "created_at" FROM `account_token`;--> statement-breakpoint
DROP TABLE `account_token`;--> statement-breakpoint
ALTER TABLE `__new_account_token` RENAME TO `account_token`;--> statement-breakpoint
CREATE UNIQUE INDEX `account_token_hash_uq` ON `account_token` (`token_hash`);--> statement-breakpoint
CREATE INDEX `account_token_account_idx` ON `account_token` (`account_id`);--> statement-breakpoint
CREATE TABLE `__new_session` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` integer NOT NULL,
	`user_id` integer,
	`expires_at` integer NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `account`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
INSERT INTO `__new_session` ("id", "account_id", "user_id", "expires_at") SELECT "id", "user_id", "user_id", "expires_at" FROM `session`;--> statement-breakpoint
DROP TABLE `session`;--> statement-breakpoint
ALTER TABLE `__new_session` RENAME TO `session`;--> statement-breakpoint
CREATE INDEX `session_account_idx` ON `session` (`account_id`);--> statement-breakpoint
ALTER TABLE `consortium` ADD `status` text DEFAULT 'active' NOT NULL;
