CREATE TABLE `location_aliases` (
	`location_id` integer NOT NULL,
	`alias` text NOT NULL,
	PRIMARY KEY(`location_id`, `alias`),
	FOREIGN KEY (`location_id`) REFERENCES `locations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `location_tree` (
	`ancestor_id` integer NOT NULL,
	`descendant_id` integer NOT NULL,
	`depth` integer NOT NULL,
	PRIMARY KEY(`ancestor_id`, `descendant_id`),
	FOREIGN KEY (`ancestor_id`) REFERENCES `locations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`descendant_id`) REFERENCES `locations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `location_tree_descendant_idx` ON `location_tree` (`descendant_id`,`depth`);--> statement-breakpoint
CREATE TABLE `locations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`slug` text NOT NULL,
	`name` text NOT NULL,
	`name_en` text,
	`kind` text NOT NULL,
	`country` text,
	`region_name` text,
	`latitude` real,
	`longitude` real,
	`parent_id` integer,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`parent_id`) REFERENCES `locations`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE UNIQUE INDEX `locations_slug_unique` ON `locations` (`slug`);--> statement-breakpoint
CREATE INDEX `locations_parent_idx` ON `locations` (`parent_id`);--> statement-breakpoint
CREATE INDEX `locations_country_idx` ON `locations` (`country`,`kind`);--> statement-breakpoint
CREATE INDEX `locations_name_idx` ON `locations` (`name`,`id`);--> statement-breakpoint
ALTER TABLE `incidents` ADD `location_id` integer REFERENCES locations(id);--> statement-breakpoint
CREATE INDEX `incidents_location_idx` ON `incidents` (`location_id`,`occurred_on`,`id`);--> statement-breakpoint
-- Incidents carried their place as text (place, region, country, coordinates). Each becomes a
-- location of its own, `<incident slug>-place`, so nothing an incident said about where it
-- happened is lost; migration 0006 then drops the text columns. The search rows of these
-- locations are written at startup (prepareDatabase): SQL cannot analyze their names.
INSERT INTO `locations` (`slug`, `name`, `kind`, `country`, `region_name`, `latitude`, `longitude`, `created_at`, `updated_at`)
  SELECT `slug` || '-place', coalesce(`place`, `region`, `country`), 'SITE', `country`, `region`, `latitude`, `longitude`, `created_at`, `updated_at`
  FROM `incidents` WHERE coalesce(`place`, `region`, `country`) IS NOT NULL;
--> statement-breakpoint
UPDATE `incidents` SET `location_id` = (SELECT `id` FROM `locations` WHERE `locations`.`slug` = `incidents`.`slug` || '-place')
  WHERE coalesce(`place`, `region`, `country`) IS NOT NULL;
--> statement-breakpoint
-- Locations are searchable (type code 6 in search_index rowids); their rows go when they do.
CREATE TRIGGER `search_index_locations_delete` AFTER DELETE ON `locations` BEGIN
  DELETE FROM `search_index` WHERE rowid = old.id * 8 + 6;
  DELETE FROM `search_entries` WHERE rowid = old.id * 8 + 6;
  DELETE FROM `search_names` WHERE rowid = old.id * 8 + 6;
END;
--> statement-breakpoint
-- Each of those locations is its own whole tree.
INSERT INTO `location_tree` (`ancestor_id`, `descendant_id`, `depth`) SELECT `id`, `id`, 0 FROM `locations`;
--> statement-breakpoint
CREATE VIEW `location_articles` AS
  SELECT DISTINCT `t`.`ancestor_id` AS `location_id`, `l`.`article_id` AS `article_id`, `l`.`published_at` AS `published_at`
  FROM `article_incidents` AS `l`
  JOIN `incidents` AS `i` ON `i`.`id` = `l`.`incident_id`
  JOIN `location_tree` AS `t` ON `t`.`descendant_id` = `i`.`location_id`;
