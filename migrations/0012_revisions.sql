CREATE TABLE `revisions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`entity_type` text NOT NULL,
	`entity_id` integer NOT NULL,
	`action` text NOT NULL,
	`record` text NOT NULL,
	`author_key_id` integer,
	`author_name` text NOT NULL,
	`reason` text,
	`at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `revisions_entity_idx` ON `revisions` (`entity_type`,`entity_id`,"id" desc);--> statement-breakpoint
CREATE INDEX `revisions_at_idx` ON `revisions` (`at`);--> statement-breakpoint
CREATE INDEX `revisions_author_idx` ON `revisions` (`author_key_id`);