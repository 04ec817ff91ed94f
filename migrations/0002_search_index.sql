-- Full-text search over every type in one FTS5 table plus a small side table (see
-- src/search/search-index.ts).
-- The columns hold ANALYZED text: Arabic normalization and stemming run in JavaScript
-- (src/search/analyzer.ts) because FTS5's tokenizers do not understand Arabic; unicode61 only
-- splits the analyzed terms on spaces. Rows are written by the application's write path, in the
-- same transaction as the content; the rowid encodes the entity: id * 8 + type code
-- (1 Article, 2 Person, 3 Organization, 4 Statement, 5 Incident).
-- Contentless: the analyzed text is not stored twice (snippets quote the content tables), and
-- ranking never reads a stored row, which with long bodies costs more than BM25 itself.
CREATE VIRTUAL TABLE `search_index` USING fts5(
  `title`,
  `subtitle`,
  `body`,
  content = '',
  contentless_delete = 1,
  tokenize = 'unicode61 remove_diacritics 0'
);
--> statement-breakpoint
-- What ranking needs besides BM25, in short rows: the date for the recency tie-break, and every
-- whole name analyzed (|name|alias|...|) for the exact-name bonus.
CREATE TABLE `search_entries` (
  `rowid` integer PRIMARY KEY NOT NULL,
  `sort_date` text NOT NULL,
  `names` text NOT NULL
);
--> statement-breakpoint
-- Deletion needs no analysis, so triggers handle it: they cover every delete path, cascades
-- included (deleting an article deletes its statements, and their index rows with them).
CREATE TRIGGER `search_index_articles_delete` AFTER DELETE ON `articles` BEGIN
  DELETE FROM `search_index` WHERE rowid = old.id * 8 + 1;
  DELETE FROM `search_entries` WHERE rowid = old.id * 8 + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `search_index_actors_delete` AFTER DELETE ON `actors` BEGIN
  DELETE FROM `search_index` WHERE rowid IN (old.id * 8 + 2, old.id * 8 + 3);
  DELETE FROM `search_entries` WHERE rowid IN (old.id * 8 + 2, old.id * 8 + 3);
END;
--> statement-breakpoint
CREATE TRIGGER `search_index_statements_delete` AFTER DELETE ON `statements` BEGIN
  DELETE FROM `search_index` WHERE rowid = old.id * 8 + 4;
  DELETE FROM `search_entries` WHERE rowid = old.id * 8 + 4;
END;
--> statement-breakpoint
CREATE TRIGGER `search_index_incidents_delete` AFTER DELETE ON `incidents` BEGIN
  DELETE FROM `search_index` WHERE rowid = old.id * 8 + 5;
  DELETE FROM `search_entries` WHERE rowid = old.id * 8 + 5;
END;
