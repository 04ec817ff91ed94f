-- Exact-name lookup for search ranking (src/search/search-query.ts): one row per whole analyzed
-- name of an indexed entity, so "the query equals a name" is an index lookup instead of an
-- instr() over search_entries.names for every match. Same rowids as search_index.
CREATE TABLE `search_names` (
  `name` text NOT NULL,
  `rowid` integer NOT NULL,
  PRIMARY KEY (`name`, `rowid`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE INDEX `search_names_rowid` ON `search_names` (`rowid`);
--> statement-breakpoint
-- Existing index rows: split search_entries.names (|name|alias|...|) into rows.
INSERT OR IGNORE INTO `search_names` (`name`, `rowid`)
WITH RECURSIVE `parts` (`rowid`, `name`, `rest`) AS (
  SELECT `rowid`, NULL, substr(`names`, 2) FROM `search_entries` WHERE `names` <> ''
  UNION ALL
  SELECT `rowid`, substr(`rest`, 1, instr(`rest`, '|') - 1), substr(`rest`, instr(`rest`, '|') + 1)
  FROM `parts` WHERE instr(`rest`, '|') > 0
)
SELECT `name`, `rowid` FROM `parts` WHERE `name` IS NOT NULL AND `name` <> '';
--> statement-breakpoint
DROP TRIGGER `search_index_articles_delete`;
--> statement-breakpoint
CREATE TRIGGER `search_index_articles_delete` AFTER DELETE ON `articles` BEGIN
  DELETE FROM `search_index` WHERE rowid = old.id * 8 + 1;
  DELETE FROM `search_entries` WHERE rowid = old.id * 8 + 1;
  DELETE FROM `search_names` WHERE rowid = old.id * 8 + 1;
END;
--> statement-breakpoint
DROP TRIGGER `search_index_actors_delete`;
--> statement-breakpoint
CREATE TRIGGER `search_index_actors_delete` AFTER DELETE ON `actors` BEGIN
  DELETE FROM `search_index` WHERE rowid IN (old.id * 8 + 2, old.id * 8 + 3);
  DELETE FROM `search_entries` WHERE rowid IN (old.id * 8 + 2, old.id * 8 + 3);
  DELETE FROM `search_names` WHERE rowid IN (old.id * 8 + 2, old.id * 8 + 3);
END;
--> statement-breakpoint
DROP TRIGGER `search_index_statements_delete`;
--> statement-breakpoint
CREATE TRIGGER `search_index_statements_delete` AFTER DELETE ON `statements` BEGIN
  DELETE FROM `search_index` WHERE rowid = old.id * 8 + 4;
  DELETE FROM `search_entries` WHERE rowid = old.id * 8 + 4;
  DELETE FROM `search_names` WHERE rowid = old.id * 8 + 4;
END;
--> statement-breakpoint
DROP TRIGGER `search_index_incidents_delete`;
--> statement-breakpoint
CREATE TRIGGER `search_index_incidents_delete` AFTER DELETE ON `incidents` BEGIN
  DELETE FROM `search_index` WHERE rowid = old.id * 8 + 5;
  DELETE FROM `search_entries` WHERE rowid = old.id * 8 + 5;
  DELETE FROM `search_names` WHERE rowid = old.id * 8 + 5;
END;
