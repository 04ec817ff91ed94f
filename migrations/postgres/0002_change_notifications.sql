-- Every replica of Khabar keeps caches of what it has read (the response cache). A commit that
-- changes content notifies them all on the channel khabar_changes, with the table's name as the
-- payload: NOTIFY is transactional (sent at commit, never for a rolled-back write, duplicates of a
-- transaction folded into one), so a replica never clears its cache for a write that did not happen
-- and never misses one that did. Statement-level triggers: one notification per statement, not per row.
CREATE FUNCTION "khabar_notify_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('khabar_changes', TG_TABLE_NAME);
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER "actor_aliases_notify_change" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "actor_aliases" FOR EACH STATEMENT EXECUTE FUNCTION "khabar_notify_change"();
--> statement-breakpoint
CREATE TRIGGER "actors_notify_change" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "actors" FOR EACH STATEMENT EXECUTE FUNCTION "khabar_notify_change"();
--> statement-breakpoint
CREATE TRIGGER "article_corrections_notify_change" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "article_corrections" FOR EACH STATEMENT EXECUTE FUNCTION "khabar_notify_change"();
--> statement-breakpoint
CREATE TRIGGER "article_incidents_notify_change" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "article_incidents" FOR EACH STATEMENT EXECUTE FUNCTION "khabar_notify_change"();
--> statement-breakpoint
CREATE TRIGGER "article_mentions_notify_change" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "article_mentions" FOR EACH STATEMENT EXECUTE FUNCTION "khabar_notify_change"();
--> statement-breakpoint
CREATE TRIGGER "article_topics_notify_change" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "article_topics" FOR EACH STATEMENT EXECUTE FUNCTION "khabar_notify_change"();
--> statement-breakpoint
CREATE TRIGGER "articles_notify_change" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "articles" FOR EACH STATEMENT EXECUTE FUNCTION "khabar_notify_change"();
--> statement-breakpoint
CREATE TRIGGER "incident_claims_notify_change" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "incident_claims" FOR EACH STATEMENT EXECUTE FUNCTION "khabar_notify_change"();
--> statement-breakpoint
CREATE TRIGGER "incident_perpetrators_notify_change" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "incident_perpetrators" FOR EACH STATEMENT EXECUTE FUNCTION "khabar_notify_change"();
--> statement-breakpoint
CREATE TRIGGER "incidents_notify_change" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "incidents" FOR EACH STATEMENT EXECUTE FUNCTION "khabar_notify_change"();
--> statement-breakpoint
CREATE TRIGGER "location_aliases_notify_change" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "location_aliases" FOR EACH STATEMENT EXECUTE FUNCTION "khabar_notify_change"();
--> statement-breakpoint
CREATE TRIGGER "location_tree_notify_change" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "location_tree" FOR EACH STATEMENT EXECUTE FUNCTION "khabar_notify_change"();
--> statement-breakpoint
CREATE TRIGGER "locations_notify_change" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "locations" FOR EACH STATEMENT EXECUTE FUNCTION "khabar_notify_change"();
--> statement-breakpoint
CREATE TRIGGER "related_articles_notify_change" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "related_articles" FOR EACH STATEMENT EXECUTE FUNCTION "khabar_notify_change"();
--> statement-breakpoint
CREATE TRIGGER "speaker_articles_notify_change" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "speaker_articles" FOR EACH STATEMENT EXECUTE FUNCTION "khabar_notify_change"();
--> statement-breakpoint
CREATE TRIGGER "statement_incidents_notify_change" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "statement_incidents" FOR EACH STATEMENT EXECUTE FUNCTION "khabar_notify_change"();
--> statement-breakpoint
CREATE TRIGGER "statement_suggestions_notify_change" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "statement_suggestions" FOR EACH STATEMENT EXECUTE FUNCTION "khabar_notify_change"();
--> statement-breakpoint
CREATE TRIGGER "statements_notify_change" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "statements" FOR EACH STATEMENT EXECUTE FUNCTION "khabar_notify_change"();
--> statement-breakpoint
CREATE TRIGGER "search_index_notify_change" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "search_index" FOR EACH STATEMENT EXECUTE FUNCTION "khabar_notify_change"();
