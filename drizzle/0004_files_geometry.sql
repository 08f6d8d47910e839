-- Each stored file keeps the SHA-256 of its bytes (a technical sign-off names the files it covered by
-- it) and, for 3D files, the geometry measured on upload.
ALTER TABLE "files" ADD COLUMN "sha256" text;--> statement-breakpoint
ALTER TABLE "files" ADD COLUMN "geometry" jsonb;