ALTER TABLE `articles` ADD `outlet_id` integer REFERENCES actors(id);--> statement-breakpoint
CREATE INDEX `articles_outlet_published_idx` ON `articles` (`outlet_id`,`published_at`,`id`);--> statement-breakpoint
-- Outlets were text; they become organizations (kind NEWS_OUTLET). An outlet named like an
-- existing organization (its name or an alias) is that organization; any other becomes a new
-- one, `outlet-migrated-<n>`, whose search row is written at startup (prepareDatabase).
-- Migration 0010 then drops the text column.
INSERT INTO `actors` (`actor_type`, `slug`, `name`, `organization_kind`, `created_at`, `updated_at`)
  SELECT 'ORGANIZATION', 'outlet-migrated-' || row_number() OVER (ORDER BY `outlet`), `outlet`, 'NEWS_OUTLET',
    strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
  FROM (SELECT DISTINCT `outlet` FROM `articles` WHERE `outlet` IS NOT NULL
    AND `outlet` NOT IN (SELECT `name` FROM `actors` WHERE `actor_type` = 'ORGANIZATION')
    AND `outlet` NOT IN (SELECT `alias` FROM `actor_aliases` JOIN `actors` ON `actors`.`id` = `actor_aliases`.`actor_id` WHERE `actors`.`actor_type` = 'ORGANIZATION'));
--> statement-breakpoint
UPDATE `articles` SET `outlet_id` = coalesce(
    (SELECT `id` FROM `actors` WHERE `actor_type` = 'ORGANIZATION' AND `name` = `articles`.`outlet` ORDER BY `id` LIMIT 1),
    (SELECT `a`.`id` FROM `actor_aliases` AS `l` JOIN `actors` AS `a` ON `a`.`id` = `l`.`actor_id`
      WHERE `a`.`actor_type` = 'ORGANIZATION' AND `l`.`alias` = `articles`.`outlet` ORDER BY `a`.`id` LIMIT 1))
  WHERE `outlet` IS NOT NULL;
