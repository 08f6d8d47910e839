-- A reorder's file rows reuse the earlier request's stored bytes, so a storage key may be named by
-- several rows; the index keeps "is this blob still named?" cheap for the sweep.
ALTER TABLE "files" DROP CONSTRAINT "files_storage_key_unique";--> statement-breakpoint
CREATE INDEX "files_storage_key_idx" ON "files" USING btree ("storage_key");