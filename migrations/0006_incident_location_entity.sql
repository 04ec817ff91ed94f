DROP INDEX `incidents_country_idx`;--> statement-breakpoint
ALTER TABLE `incidents` DROP COLUMN `place`;--> statement-breakpoint
ALTER TABLE `incidents` DROP COLUMN `region`;--> statement-breakpoint
ALTER TABLE `incidents` DROP COLUMN `country`;--> statement-breakpoint
ALTER TABLE `incidents` DROP COLUMN `latitude`;--> statement-breakpoint
ALTER TABLE `incidents` DROP COLUMN `longitude`;