-- What ranking needs to score a row without FTS5, and a log of what changed (see
-- src/search/search-terms.ts and src/search/ranking-cache.ts).
--
-- FTS5 computes BM25 for every match before it can pick the best, so the first search of a common
-- word costs the number of its matches. Rankings are therefore kept per query and brought up to
-- date after a write instead of being recomputed: that needs each changed row's terms (before and
-- after the change), which a contentless FTS5 table cannot give back.
--
-- `search_terms.terms`: the row's analyzed terms with their counts, per column
-- ("term count term count|...|..."); '!' when the row holds characters whose tokenization by
-- FTS5 the application does not reproduce (ranking then falls back to FTS5); NULL for rows
-- indexed before this migration, until the application rewrites them at startup (it cannot be
-- done in SQL: analysis is JavaScript). Same rowids as search_index.
CREATE TABLE `search_terms` (
  `rowid` integer PRIMARY KEY NOT NULL,
  `terms` text
);
--> statement-breakpoint
INSERT INTO `search_terms` (`rowid`, `terms`) SELECT `rowid`, NULL FROM `search_entries`;
--> statement-breakpoint
-- Finds the rows still to be analyzed without a scan (normally none: the index stays empty).
CREATE INDEX `search_terms_unknown` ON `search_terms` (`rowid`) WHERE `terms` IS NULL;
--> statement-breakpoint
-- Every change of an indexed row, in commit order: `removed` 0 = the row was written (its terms
-- are in search_terms), 1 = the row was removed, with the terms it had. Written by the triggers
-- below only, so no write path can forget it; the oldest entries are pruned (a ranking older than
-- what is kept is rebuilt).
CREATE TABLE `search_changes` (
  `seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
  `rowid` integer NOT NULL,
  `removed` integer NOT NULL,
  `terms` text
);
--> statement-breakpoint
-- Index rows are removed through search_entries (by the write path and by the content tables'
-- delete triggers): their terms go with them.
CREATE TRIGGER `search_entries_delete_terms` AFTER DELETE ON `search_entries` BEGIN
  DELETE FROM `search_terms` WHERE `rowid` = old.`rowid`;
END;
--> statement-breakpoint
CREATE TRIGGER `search_terms_insert_log` AFTER INSERT ON `search_terms` BEGIN
  INSERT INTO `search_changes` (`rowid`, `removed`, `terms`) VALUES (new.`rowid`, 0, NULL);
END;
--> statement-breakpoint
CREATE TRIGGER `search_terms_delete_log` AFTER DELETE ON `search_terms` BEGIN
  INSERT INTO `search_changes` (`rowid`, `removed`, `terms`) VALUES (old.`rowid`, 1, old.`terms`);
END;
--> statement-breakpoint
-- The write path never updates a row in place; if anything does, it is a removal and a write.
CREATE TRIGGER `search_terms_update_log` AFTER UPDATE ON `search_terms` BEGIN
  INSERT INTO `search_changes` (`rowid`, `removed`, `terms`) VALUES (old.`rowid`, 1, old.`terms`);
  INSERT INTO `search_changes` (`rowid`, `removed`, `terms`) VALUES (new.`rowid`, 0, NULL);
END;
--> statement-breakpoint
-- Keeps the last 8,192 to 8,704 changes: pruned in steps of 512, so most writes delete nothing.
CREATE TRIGGER `search_changes_prune` AFTER INSERT ON `search_changes` WHEN new.`seq` % 512 = 0 BEGIN
  DELETE FROM `search_changes` WHERE `seq` <= new.`seq` - 8192;
END;
