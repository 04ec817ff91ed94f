ALTER TABLE `actors` ADD `wikidata_id` text;--> statement-breakpoint
ALTER TABLE `actors` ADD `same_as` text;--> statement-breakpoint
CREATE UNIQUE INDEX `actors_wikidata_id_unique` ON `actors` (`wikidata_id`);--> statement-breakpoint
ALTER TABLE `locations` ADD `wikidata_id` text;--> statement-breakpoint
ALTER TABLE `locations` ADD `same_as` text;--> statement-breakpoint
CREATE UNIQUE INDEX `locations_wikidata_id_unique` ON `locations` (`wikidata_id`);