import { defineConfig } from 'drizzle-kit';

// `npm run db:generate` writes SQL migrations from the schema; `npm run db:migrate` and the local runtime apply them.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/server/db/schema.ts',
  out: './drizzle',
});
