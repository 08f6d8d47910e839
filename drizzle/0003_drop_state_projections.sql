-- Both tracks are rebuilt from the event log on every read (docs/architecture.md §11); these copies
-- were written on every decision and read nowhere.
ALTER TABLE "requests" DROP COLUMN "technical_state";--> statement-breakpoint
ALTER TABLE "requests" DROP COLUMN "commercial_state";