-- Copies of an article's published_at that let the "newest article first" lists of an actor or
-- incident, and the groups of Actor.statementsByArticle, be read off one index range with a LIMIT,
-- however large the graph grows. Triggers keep them right for every write path.
CREATE TRIGGER `article_mentions_published_at_fill` AFTER INSERT ON `article_mentions` BEGIN
  UPDATE `article_mentions` SET `published_at` = (SELECT `published_at` FROM `articles` WHERE `id` = NEW.`article_id`)
  WHERE `article_id` = NEW.`article_id` AND `actor_id` = NEW.`actor_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `article_incidents_published_at_fill` AFTER INSERT ON `article_incidents` BEGIN
  UPDATE `article_incidents` SET `published_at` = (SELECT `published_at` FROM `articles` WHERE `id` = NEW.`article_id`)
  WHERE `article_id` = NEW.`article_id` AND `incident_id` = NEW.`incident_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `articles_published_at_sync` AFTER UPDATE OF `published_at` ON `articles` BEGIN
  UPDATE `article_mentions` SET `published_at` = NEW.`published_at` WHERE `article_id` = NEW.`id`;
  UPDATE `article_incidents` SET `published_at` = NEW.`published_at` WHERE `article_id` = NEW.`id`;
  UPDATE `speaker_articles` SET `published_at` = NEW.`published_at` WHERE `article_id` = NEW.`id`;
END;
--> statement-breakpoint
CREATE TRIGGER `statements_speaker_articles_insert` AFTER INSERT ON `statements` WHEN NEW.`speaker_id` IS NOT NULL BEGIN
  INSERT INTO `speaker_articles` (`speaker_id`, `article_id`, `published_at`, `statement_count`)
  VALUES (NEW.`speaker_id`, NEW.`article_id`, (SELECT `published_at` FROM `articles` WHERE `id` = NEW.`article_id`), 1)
  ON CONFLICT (`speaker_id`, `article_id`) DO UPDATE SET `statement_count` = `statement_count` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `statements_speaker_articles_delete` AFTER DELETE ON `statements` WHEN OLD.`speaker_id` IS NOT NULL BEGIN
  UPDATE `speaker_articles` SET `statement_count` = `statement_count` - 1
  WHERE `speaker_id` = OLD.`speaker_id` AND `article_id` = OLD.`article_id`;
  DELETE FROM `speaker_articles`
  WHERE `speaker_id` = OLD.`speaker_id` AND `article_id` = OLD.`article_id` AND `statement_count` <= 0;
END;
--> statement-breakpoint
CREATE TRIGGER `statements_speaker_articles_update` AFTER UPDATE OF `speaker_id`, `article_id` ON `statements` BEGIN
  UPDATE `speaker_articles` SET `statement_count` = `statement_count` - 1
  WHERE OLD.`speaker_id` IS NOT NULL AND `speaker_id` = OLD.`speaker_id` AND `article_id` = OLD.`article_id`;
  DELETE FROM `speaker_articles`
  WHERE OLD.`speaker_id` IS NOT NULL AND `speaker_id` = OLD.`speaker_id` AND `article_id` = OLD.`article_id` AND `statement_count` <= 0;
  INSERT INTO `speaker_articles` (`speaker_id`, `article_id`, `published_at`, `statement_count`)
  SELECT NEW.`speaker_id`, NEW.`article_id`, `published_at`, 1 FROM `articles` WHERE `id` = NEW.`article_id` AND NEW.`speaker_id` IS NOT NULL
  ON CONFLICT (`speaker_id`, `article_id`) DO UPDATE SET `statement_count` = `statement_count` + 1;
END;
