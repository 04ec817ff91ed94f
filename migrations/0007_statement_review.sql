CREATE TABLE `statement_suggestions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`article_id` integer NOT NULL,
	`paragraph` integer NOT NULL,
	`start` integer NOT NULL,
	`end` integer NOT NULL,
	`text` text NOT NULL,
	`kind` text NOT NULL,
	`cue` text,
	`speaker_id` integer,
	`speaker_name` text,
	`speaker_label` text,
	`via_id` integer,
	`confidence` real NOT NULL,
	`rule` text NOT NULL,
	`extractor_version` text NOT NULL,
	`status` text DEFAULT 'SUGGESTED' NOT NULL,
	`statement_id` integer,
	`reviewed_by` text,
	`reviewed_at` text,
	`created_at` text NOT NULL,
	FOREIGN KEY (`article_id`) REFERENCES `articles`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`speaker_id`) REFERENCES `actors`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`via_id`) REFERENCES `actors`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`statement_id`) REFERENCES `statements`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `statement_suggestions_article_idx` ON `statement_suggestions` (`article_id`,`status`,`start`);--> statement-breakpoint
CREATE INDEX `statement_suggestions_status_idx` ON `statement_suggestions` (`status`,`id`);--> statement-breakpoint
ALTER TABLE `statements` ADD `origin` text DEFAULT 'IMPORT' NOT NULL;