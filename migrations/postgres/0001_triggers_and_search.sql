-- What SQLite's hand-written migrations do with triggers, a view and the search tables, for
-- PostgreSQL (the tables themselves come from 0000, generated from the module tables). Same trigger
-- names as SQLite's, so the write paths refer to them alike.
--
-- Setting triggers aside. SQLite's import batch drops per-row triggers and recreates them before it
-- commits (src/db/batch-write.ts). On PostgreSQL DROP TRIGGER takes an ACCESS EXCLUSIVE lock on the
-- table until commit, stopping every reader: instead each such trigger asks khabar_trigger_suspended
-- (its name listed in the transaction-local setting `khabar.suspended_triggers`, comma-separated:
-- `SET LOCAL khabar.suspended_triggers = 'a,b'`) and does nothing when it is set aside.
CREATE FUNCTION khabar_trigger_suspended(trigger_name text) RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT position(',' || trigger_name || ',' IN ',' || coalesce(current_setting('khabar.suspended_triggers', true), '') || ',') > 0
$$;
--> statement-breakpoint

-- ---------------------------------------------------------------- 0001: denormalized orderings
-- Copies of an article's published_at that let the "newest article first" lists of an actor or
-- incident, and the groups of Actor.statementsByArticle, be read off one index range with a LIMIT.
-- SQLite fills a new link AFTER INSERT with an UPDATE; here a BEFORE INSERT trigger sets the value
-- in the row being inserted (same result, one write). coalesce keeps the given value when the
-- article does not exist, so the foreign key (not a NOT NULL) reports the bad reference, as on SQLite.
CREATE FUNCTION khabar_link_published_at_fill() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF khabar_trigger_suspended(TG_NAME) THEN RETURN NEW; END IF;
  NEW.published_at := coalesce((SELECT a.published_at FROM articles a WHERE a.id = NEW.article_id), NEW.published_at);
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER article_mentions_published_at_fill BEFORE INSERT ON article_mentions
  FOR EACH ROW EXECUTE FUNCTION khabar_link_published_at_fill();
--> statement-breakpoint
CREATE TRIGGER article_incidents_published_at_fill BEFORE INSERT ON article_incidents
  FOR EACH ROW EXECUTE FUNCTION khabar_link_published_at_fill();
--> statement-breakpoint
CREATE FUNCTION khabar_articles_published_at_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE article_mentions SET published_at = NEW.published_at WHERE article_id = NEW.id;
  UPDATE article_incidents SET published_at = NEW.published_at WHERE article_id = NEW.id;
  UPDATE speaker_articles SET published_at = NEW.published_at WHERE article_id = NEW.id;
  RETURN NULL;
END $$;
--> statement-breakpoint
-- SQLite's fires on every UPDATE OF published_at; an unchanged value has nothing to copy.
CREATE TRIGGER articles_published_at_sync AFTER UPDATE OF published_at ON articles
  FOR EACH ROW WHEN (OLD.published_at IS DISTINCT FROM NEW.published_at) EXECUTE FUNCTION khabar_articles_published_at_sync();
--> statement-breakpoint
-- speaker_articles: one row per (speaker, article) with its number of statements.
CREATE FUNCTION khabar_speaker_articles_add(speaker integer, article integer) RETURNS void LANGUAGE sql AS $$
  INSERT INTO speaker_articles (speaker_id, article_id, published_at, statement_count)
  SELECT speaker, article, a.published_at, 1 FROM articles a WHERE a.id = article
  ON CONFLICT (speaker_id, article_id) DO UPDATE SET statement_count = speaker_articles.statement_count + 1
$$;
--> statement-breakpoint
CREATE FUNCTION khabar_speaker_articles_remove(speaker integer, article integer) RETURNS void LANGUAGE sql AS $$
  UPDATE speaker_articles SET statement_count = statement_count - 1 WHERE speaker_id = speaker AND article_id = article;
  DELETE FROM speaker_articles WHERE speaker_id = speaker AND article_id = article AND statement_count <= 0
$$;
--> statement-breakpoint
CREATE FUNCTION khabar_statements_speaker_articles() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF khabar_trigger_suspended(TG_NAME) THEN RETURN NULL; END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.speaker_id IS NOT NULL THEN
    PERFORM khabar_speaker_articles_remove(OLD.speaker_id, OLD.article_id);
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.speaker_id IS NOT NULL THEN
    PERFORM khabar_speaker_articles_add(NEW.speaker_id, NEW.article_id);
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER statements_speaker_articles_insert AFTER INSERT ON statements
  FOR EACH ROW WHEN (NEW.speaker_id IS NOT NULL) EXECUTE FUNCTION khabar_statements_speaker_articles();
--> statement-breakpoint
CREATE TRIGGER statements_speaker_articles_delete AFTER DELETE ON statements
  FOR EACH ROW WHEN (OLD.speaker_id IS NOT NULL) EXECUTE FUNCTION khabar_statements_speaker_articles();
--> statement-breakpoint
CREATE TRIGGER statements_speaker_articles_update AFTER UPDATE OF speaker_id, article_id ON statements
  FOR EACH ROW EXECUTE FUNCTION khabar_statements_speaker_articles();
--> statement-breakpoint

-- ---------------------------------------------------------------- 0003: incident statement order
-- Copies of a statement's sort key (said_at desc, article_id desc, position) on its incident
-- links, for Incident.statements off one index range. A link gets them from its statement whatever
-- it was inserted with (BEFORE INSERT here, AFTER INSERT + UPDATE on SQLite); an update of the
-- statement's key is copied to its links.
CREATE FUNCTION khabar_statement_incidents_order_fill() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  source statements%ROWTYPE;
BEGIN
  IF khabar_trigger_suspended(TG_NAME) THEN RETURN NEW; END IF;
  SELECT * INTO source FROM statements s WHERE s.id = NEW.statement_id;
  IF FOUND THEN
    NEW.said_at := source.said_at;
    NEW.article_id := source.article_id;
    NEW.position := source.position;
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER statement_incidents_order_fill BEFORE INSERT ON statement_incidents
  FOR EACH ROW EXECUTE FUNCTION khabar_statement_incidents_order_fill();
--> statement-breakpoint
CREATE FUNCTION khabar_statements_incident_order_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE statement_incidents SET said_at = NEW.said_at, article_id = NEW.article_id, position = NEW.position WHERE statement_id = NEW.id;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER statements_incident_order_sync AFTER UPDATE OF said_at, article_id, position ON statements
  FOR EACH ROW WHEN (OLD.said_at IS DISTINCT FROM NEW.said_at OR OLD.article_id IS DISTINCT FROM NEW.article_id OR OLD.position IS DISTINCT FROM NEW.position)
  EXECUTE FUNCTION khabar_statements_incident_order_sync();
--> statement-breakpoint

-- ---------------------------------------------------------------- 0005: locations
-- Articles that report an incident at a location or anywhere inside it, once per location.
CREATE VIEW location_articles AS
  SELECT DISTINCT t.ancestor_id AS location_id, l.article_id AS article_id, l.published_at AS published_at
  FROM article_incidents AS l
  JOIN incidents AS i ON i.id = l.incident_id
  JOIN location_tree AS t ON t.descendant_id = i.location_id;
--> statement-breakpoint

-- ---------------------------------------------------------------- search (0002, 0004, 0015)
-- SQLite keeps search in an FTS5 table plus side tables, all keyed by the same rowid,
-- id * 8 + type code (1 Article, 2 Person, 3 Organization, 4 Statement, 5 Incident, 6 Location:
-- src/search/search-index.ts and the modules' *.search.ts):
--   search_index    FTS5, contentless: the ANALYZED terms (src/search/analyzer.ts does Arabic and
--                   English analysis in JavaScript) of three columns, title, subtitle and body,
--                   for MATCH and bm25(); the text itself is not stored (snippets quote the
--                   content tables).
--   search_entries  sort_date (the recency tie-break) and names (|name|alias|…|, analyzed).
--   search_names    one row per whole analyzed name: the exact-name bonus as an index lookup.
--   search_terms    each row's terms with their counts per column ("term n term n|…|…"), '!'
--                   when only FTS5 can count them, NULL until analyzed: kept rankings rescore rows
--                   from it without FTS5 (ranking-cache.ts).
--   search_changes  every change of an indexed row in commit order, written by triggers only.
-- PostgreSQL keeps the same tables under the same names, with one difference: search_index is a
-- plain table whose `document` is a tsvector of the same analyzed terms, built without any text
-- search parser or dictionary (the 'simple' configuration's lexemes are the terms as given: the
-- application analyzes, PostgreSQL only indexes), each lexeme weighted by its column (title A,
-- subtitle B, body C, so a match restricted to names is `term:AB`) with its positions (so its
-- count in the row is there), under a GIN index: `document @@ to_tsquery('simple', …)` finds the
-- matches, a prefix is `term:*`. BM25 as FTS5 computes it (column weights, document lengths) is not
-- a PostgreSQL function: ranking scores the matched rows from search_terms, as kept rankings do on
-- SQLite (bm25.ts), so the order is the same on both engines.
CREATE TABLE search_index (
  rowid bigint PRIMARY KEY,
  document tsvector NOT NULL
);
--> statement-breakpoint
CREATE INDEX search_index_document_idx ON search_index USING gin (document);
--> statement-breakpoint
CREATE TABLE search_entries (
  rowid bigint PRIMARY KEY,
  sort_date text COLLATE "C" NOT NULL,
  names text COLLATE "C" NOT NULL
);
--> statement-breakpoint
CREATE TABLE search_names (
  name text COLLATE "C" NOT NULL,
  rowid bigint NOT NULL,
  PRIMARY KEY (name, rowid)
);
--> statement-breakpoint
CREATE INDEX search_names_rowid ON search_names (rowid);
--> statement-breakpoint
CREATE TABLE search_terms (
  rowid bigint PRIMARY KEY,
  terms text COLLATE "C"
);
--> statement-breakpoint
CREATE INDEX search_terms_unknown ON search_terms (rowid) WHERE terms IS NULL;
--> statement-breakpoint
CREATE TABLE search_changes (
  seq bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  rowid bigint NOT NULL,
  removed integer NOT NULL,
  terms text COLLATE "C"
);
--> statement-breakpoint
-- Index rows go when their content row does, by any path (cascades included).
CREATE FUNCTION khabar_search_rows_delete() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  -- The type codes of the table's rows, from the trigger's arguments (actors have two).
  rowids bigint[] := ARRAY(SELECT OLD.id::bigint * 8 + code::bigint FROM unnest(TG_ARGV) AS code);
BEGIN
  DELETE FROM search_index WHERE rowid = ANY (rowids);
  DELETE FROM search_entries WHERE rowid = ANY (rowids);
  DELETE FROM search_names WHERE rowid = ANY (rowids);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER search_index_articles_delete AFTER DELETE ON articles FOR EACH ROW EXECUTE FUNCTION khabar_search_rows_delete('1');
--> statement-breakpoint
CREATE TRIGGER search_index_actors_delete AFTER DELETE ON actors FOR EACH ROW EXECUTE FUNCTION khabar_search_rows_delete('2', '3');
--> statement-breakpoint
CREATE TRIGGER search_index_statements_delete AFTER DELETE ON statements FOR EACH ROW EXECUTE FUNCTION khabar_search_rows_delete('4');
--> statement-breakpoint
CREATE TRIGGER search_index_incidents_delete AFTER DELETE ON incidents FOR EACH ROW EXECUTE FUNCTION khabar_search_rows_delete('5');
--> statement-breakpoint
CREATE TRIGGER search_index_locations_delete AFTER DELETE ON locations FOR EACH ROW EXECUTE FUNCTION khabar_search_rows_delete('6');
--> statement-breakpoint
-- Index rows are removed through search_entries: their terms go with them.
CREATE FUNCTION khabar_search_entries_delete_terms() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM search_terms WHERE rowid = OLD.rowid;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER search_entries_delete_terms AFTER DELETE ON search_entries FOR EACH ROW EXECUTE FUNCTION khabar_search_entries_delete_terms();
--> statement-breakpoint
-- The log of changes, in commit order. SQLite has one writer at a time, so its AUTOINCREMENT seq
-- is commit order; PostgreSQL's concurrent transactions would take sequence values in one order
-- and commit in another, and a reader catching up from "after seq N" could skip a change that
-- commits later with a smaller seq. A transaction-level advisory lock taken before the first log
-- entry makes writers of search rows take turns until they commit, as on SQLite.
CREATE FUNCTION khabar_search_terms_log() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('khabar.search_changes'));
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    INSERT INTO search_changes (rowid, removed, terms) VALUES (OLD.rowid, 1, OLD.terms);
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO search_changes (rowid, removed, terms) VALUES (NEW.rowid, 0, NULL);
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER search_terms_insert_log AFTER INSERT ON search_terms FOR EACH ROW EXECUTE FUNCTION khabar_search_terms_log();
--> statement-breakpoint
CREATE TRIGGER search_terms_delete_log AFTER DELETE ON search_terms FOR EACH ROW EXECUTE FUNCTION khabar_search_terms_log();
--> statement-breakpoint
-- The write path never updates a row in place; if anything does, it is a removal and a write.
CREATE TRIGGER search_terms_update_log AFTER UPDATE ON search_terms FOR EACH ROW EXECUTE FUNCTION khabar_search_terms_log();
--> statement-breakpoint
-- Keeps the last 8,192 to 8,704 changes: pruned in steps of 512, so most writes delete nothing.
CREATE FUNCTION khabar_search_changes_prune() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM search_changes WHERE seq <= NEW.seq - 8192;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER search_changes_prune AFTER INSERT ON search_changes FOR EACH ROW WHEN (NEW.seq % 512 = 0) EXECUTE FUNCTION khabar_search_changes_prune();
