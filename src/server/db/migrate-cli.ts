/**
 * `npm run db:migrate`: applies the committed migrations to the configured database
 * (DATABASE_URL in production; the embedded PGlite under DATA_DIR otherwise).
 */
import { ConfigError, getConfig } from '../config.js';
import { closeDatabase, DatabaseError, getDatabase, prepareEmbeddedDatabase } from './index.js';

try {
  const config = getConfig();
  if (config.database.kind === 'pglite') await prepareEmbeddedDatabase(config.database.dir);
  const database = getDatabase();
  await database.migrate();
  console.log(`Migrations applied (${config.database.kind}).`);
  await closeDatabase();
} catch (error) {
  console.error(error instanceof ConfigError || error instanceof DatabaseError ? error.message : error);
  process.exitCode = 1;
}
