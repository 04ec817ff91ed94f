CREATE TABLE `refused_mutations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`mutation` text NOT NULL,
	`code` text NOT NULL,
	`key_id` integer,
	`key_name` text,
	`request_id` text,
	`at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `refused_mutations_at_idx` ON `refused_mutations` (`at`);