CREATE TABLE `actor_aliases` (
	`actor_id` integer NOT NULL,
	`alias` text NOT NULL,
	PRIMARY KEY(`actor_id`, `alias`),
	FOREIGN KEY (`actor_id`) REFERENCES `actors`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `actor_aliases_alias_idx` ON `actor_aliases` (`alias`);--> statement-breakpoint
CREATE TABLE `actors` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`actor_type` text NOT NULL,
	`slug` text NOT NULL,
	`name` text NOT NULL,
	`name_en` text,
	`country` text,
	`role` text,
	`role_en` text,
	`affiliation_id` integer,
	`organization_kind` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`affiliation_id`) REFERENCES `actors`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `actors_slug_unique` ON `actors` (`slug`);--> statement-breakpoint
CREATE INDEX `actors_type_name_idx` ON `actors` (`actor_type`,`name`,`id`);--> statement-breakpoint
CREATE INDEX `actors_type_country_idx` ON `actors` (`actor_type`,`country`);--> statement-breakpoint
CREATE INDEX `actors_affiliation_idx` ON `actors` (`affiliation_id`);--> statement-breakpoint
CREATE TABLE `article_mentions` (
	`article_id` integer NOT NULL,
	`actor_id` integer NOT NULL,
	`published_at` text DEFAULT '' NOT NULL,
	PRIMARY KEY(`article_id`, `actor_id`),
	FOREIGN KEY (`article_id`) REFERENCES `articles`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`actor_id`) REFERENCES `actors`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `article_mentions_actor_published_idx` ON `article_mentions` (`actor_id`,`published_at`,`article_id`);--> statement-breakpoint
CREATE TABLE `article_topics` (
	`article_id` integer NOT NULL,
	`topic` text NOT NULL,
	PRIMARY KEY(`article_id`, `topic`),
	FOREIGN KEY (`article_id`) REFERENCES `articles`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `article_topics_topic_idx` ON `article_topics` (`topic`,`article_id`);--> statement-breakpoint
CREATE TABLE `articles` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`slug` text NOT NULL,
	`headline` text NOT NULL,
	`summary` text,
	`body` text NOT NULL,
	`language` text NOT NULL,
	`published_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`created_at` text NOT NULL,
	`url` text,
	`image_caption` text,
	`image_credit` text,
	`image_alt` text,
	`outlet` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `articles_slug_unique` ON `articles` (`slug`);--> statement-breakpoint
CREATE INDEX `articles_published_idx` ON `articles` (`published_at`,`id`);--> statement-breakpoint
CREATE INDEX `articles_language_published_idx` ON `articles` (`language`,`published_at`,`id`);--> statement-breakpoint
CREATE TABLE `related_articles` (
	`article_id` integer NOT NULL,
	`related_id` integer NOT NULL,
	PRIMARY KEY(`article_id`, `related_id`),
	FOREIGN KEY (`article_id`) REFERENCES `articles`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`related_id`) REFERENCES `articles`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `speaker_articles` (
	`speaker_id` integer NOT NULL,
	`article_id` integer NOT NULL,
	`published_at` text NOT NULL,
	`statement_count` integer NOT NULL,
	PRIMARY KEY(`speaker_id`, `article_id`),
	FOREIGN KEY (`speaker_id`) REFERENCES `actors`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`article_id`) REFERENCES `articles`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `speaker_articles_speaker_published_idx` ON `speaker_articles` (`speaker_id`,`published_at`,`article_id`);--> statement-breakpoint
CREATE TABLE `statement_incidents` (
	`statement_id` integer NOT NULL,
	`incident_id` integer NOT NULL,
	PRIMARY KEY(`statement_id`, `incident_id`),
	FOREIGN KEY (`statement_id`) REFERENCES `statements`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`incident_id`) REFERENCES `incidents`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `statement_incidents_incident_idx` ON `statement_incidents` (`incident_id`,`statement_id`);--> statement-breakpoint
CREATE TABLE `statements` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`article_id` integer NOT NULL,
	`position` integer NOT NULL,
	`paragraph` integer NOT NULL,
	`text` text NOT NULL,
	`kind` text NOT NULL,
	`speaker_id` integer,
	`speaker_label` text,
	`cue` text,
	`said_at` text NOT NULL,
	`via_id` integer,
	`language` text NOT NULL,
	FOREIGN KEY (`article_id`) REFERENCES `articles`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`speaker_id`) REFERENCES `actors`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`via_id`) REFERENCES `actors`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `statements_article_position_idx` ON `statements` (`article_id`,`position`);--> statement-breakpoint
CREATE INDEX `statements_speaker_said_idx` ON `statements` (`speaker_id`,`said_at`,`article_id`,`position`);--> statement-breakpoint
CREATE INDEX `statements_speaker_article_idx` ON `statements` (`speaker_id`,`article_id`,`position`);--> statement-breakpoint
CREATE INDEX `statements_said_idx` ON `statements` (`said_at`,`article_id`,`position`);--> statement-breakpoint
CREATE INDEX `statements_via_idx` ON `statements` (`via_id`);--> statement-breakpoint
CREATE TABLE `article_incidents` (
	`article_id` integer NOT NULL,
	`incident_id` integer NOT NULL,
	`published_at` text DEFAULT '' NOT NULL,
	PRIMARY KEY(`article_id`, `incident_id`),
	FOREIGN KEY (`article_id`) REFERENCES `articles`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`incident_id`) REFERENCES `incidents`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `article_incidents_incident_published_idx` ON `article_incidents` (`incident_id`,`published_at`,`article_id`);--> statement-breakpoint
CREATE TABLE `incident_claims` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`incident_id` integer NOT NULL,
	`actor_id` integer NOT NULL,
	`stance` text NOT NULL,
	`accused_id` integer,
	`statement_id` integer,
	FOREIGN KEY (`incident_id`) REFERENCES `incidents`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`actor_id`) REFERENCES `actors`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`accused_id`) REFERENCES `actors`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`statement_id`) REFERENCES `statements`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `incident_claims_incident_idx` ON `incident_claims` (`incident_id`,`id`);--> statement-breakpoint
CREATE INDEX `incident_claims_actor_idx` ON `incident_claims` (`actor_id`);--> statement-breakpoint
CREATE INDEX `incident_claims_accused_idx` ON `incident_claims` (`accused_id`);--> statement-breakpoint
CREATE INDEX `incident_claims_statement_idx` ON `incident_claims` (`statement_id`);--> statement-breakpoint
CREATE TABLE `incident_perpetrators` (
	`incident_id` integer NOT NULL,
	`actor_id` integer NOT NULL,
	PRIMARY KEY(`incident_id`, `actor_id`),
	FOREIGN KEY (`incident_id`) REFERENCES `incidents`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`actor_id`) REFERENCES `actors`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `incident_perpetrators_actor_idx` ON `incident_perpetrators` (`actor_id`);--> statement-breakpoint
CREATE TABLE `incidents` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`slug` text NOT NULL,
	`title` text NOT NULL,
	`title_en` text,
	`kind` text NOT NULL,
	`occurred_on` text NOT NULL,
	`place` text,
	`region` text,
	`country` text,
	`latitude` real,
	`longitude` real,
	`killed` integer,
	`injured` integer,
	`summary` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `incidents_slug_unique` ON `incidents` (`slug`);--> statement-breakpoint
CREATE INDEX `incidents_occurred_idx` ON `incidents` (`occurred_on`,`id`);--> statement-breakpoint
CREATE INDEX `incidents_kind_idx` ON `incidents` (`kind`,`occurred_on`);--> statement-breakpoint
CREATE INDEX `incidents_country_idx` ON `incidents` (`country`,`occurred_on`);--> statement-breakpoint
CREATE TABLE `api_keys` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`role` text NOT NULL,
	`hash` text NOT NULL,
	`created_at` text NOT NULL,
	`last_used_at` text,
	`revoked_at` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_keys_hash_unique` ON `api_keys` (`hash`);--> statement-breakpoint
CREATE INDEX `api_keys_revoked_idx` ON `api_keys` (`revoked_at`);