-- Japanese full-text search over issues and comments: FTS5 with the trigram tokenizer,
-- as external-content tables kept in step with their tables by triggers.
CREATE VIRTUAL TABLE `issue_fts` USING fts5(title, body, content='issue', content_rowid='id', tokenize='trigram');
--> statement-breakpoint
CREATE TRIGGER `issue_fts_ai` AFTER INSERT ON `issue` BEGIN
  INSERT INTO issue_fts(rowid, title, body) VALUES (new.id, new.title, new.body);
END;
--> statement-breakpoint
CREATE TRIGGER `issue_fts_ad` AFTER DELETE ON `issue` BEGIN
  INSERT INTO issue_fts(issue_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);
END;
--> statement-breakpoint
CREATE TRIGGER `issue_fts_au` AFTER UPDATE OF `title`, `body` ON `issue` BEGIN
  INSERT INTO issue_fts(issue_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);
  INSERT INTO issue_fts(rowid, title, body) VALUES (new.id, new.title, new.body);
END;
--> statement-breakpoint
INSERT INTO issue_fts(issue_fts) VALUES ('rebuild');
--> statement-breakpoint
CREATE VIRTUAL TABLE `comment_fts` USING fts5(body, content='comment', content_rowid='id', tokenize='trigram');
--> statement-breakpoint
CREATE TRIGGER `comment_fts_ai` AFTER INSERT ON `comment` BEGIN
  INSERT INTO comment_fts(rowid, body) VALUES (new.id, new.body);
END;
--> statement-breakpoint
CREATE TRIGGER `comment_fts_ad` AFTER DELETE ON `comment` BEGIN
  INSERT INTO comment_fts(comment_fts, rowid, body) VALUES ('delete', old.id, old.body);
END;
--> statement-breakpoint
CREATE TRIGGER `comment_fts_au` AFTER UPDATE OF `body` ON `comment` BEGIN
  INSERT INTO comment_fts(comment_fts, rowid, body) VALUES ('delete', old.id, old.body);
  INSERT INTO comment_fts(rowid, body) VALUES (new.id, new.body);
END;
--> statement-breakpoint
INSERT INTO comment_fts(comment_fts) VALUES ('rebuild');
