import { defineConfig } from 'drizzle-kit';

// Generates SQL migrations from the schema; they are committed and run by src/server/db/migrate.ts.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/server/db/schema.ts',
  out: './drizzle',
});
