-- Copies of a statement's sort key (said_at desc, article_id desc, position) on its incident links,
-- so that Incident.statements reads a page off one index range with a LIMIT instead of sorting
-- every statement about the incident (src/modules/statement/statement.repository.ts,
-- STATEMENTS_BY_INCIDENT). Same pattern as 0001: triggers keep the copies right on every write
-- path, whatever it supplies.
ALTER TABLE `statement_incidents` ADD `said_at` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `statement_incidents` ADD `article_id` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `statement_incidents` ADD `position` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
UPDATE `statement_incidents` SET (`said_at`, `article_id`, `position`) =
  (SELECT `said_at`, `article_id`, `position` FROM `statements` WHERE `id` = `statement_incidents`.`statement_id`);--> statement-breakpoint
CREATE INDEX `statement_incidents_incident_said_idx` ON `statement_incidents` (`incident_id`,"said_at" desc,"article_id" desc,`position`,`statement_id`);--> statement-breakpoint
-- A link inserted without the copies (or with wrong ones) gets them from its statement. The write
-- path of the import supplies them, so the check is one primary-key read and no update.
CREATE TRIGGER `statement_incidents_order_fill` AFTER INSERT ON `statement_incidents`
WHEN (NEW.`said_at`, NEW.`article_id`, NEW.`position`) IS NOT (SELECT `said_at`, `article_id`, `position` FROM `statements` WHERE `id` = NEW.`statement_id`) BEGIN
  UPDATE `statement_incidents` SET (`said_at`, `article_id`, `position`) =
    (SELECT `said_at`, `article_id`, `position` FROM `statements` WHERE `id` = NEW.`statement_id`)
  WHERE `statement_id` = NEW.`statement_id` AND `incident_id` = NEW.`incident_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `statements_incident_order_sync` AFTER UPDATE OF `said_at`, `article_id`, `position` ON `statements`
WHEN OLD.`said_at` IS NOT NEW.`said_at` OR OLD.`article_id` IS NOT NEW.`article_id` OR OLD.`position` IS NOT NEW.`position` BEGIN
  UPDATE `statement_incidents` SET `said_at` = NEW.`said_at`, `article_id` = NEW.`article_id`, `position` = NEW.`position`
  WHERE `statement_id` = NEW.`id`;
END;
