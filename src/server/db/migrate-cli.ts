/**
 * `npm run db:migrate`: applies the committed migrations to the configured database
 * (DATABASE_URL in production; the embedded PGlite under DATA_DIR otherwise).
 */
import { ConfigError, getConfig } from '../config.js';
import { closeDatabase, getDatabase } from './index.js';

try {
  const config = getConfig();
  const database = getDatabase();
  await database.migrate();
  console.log(`Migrations applied (${config.database.kind}).`);
  await closeDatabase();
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exitCode = 1;
}
