/** drizzle's committed migrations (`drizzle/`): what every database is migrated to and the template holds. */
import path from 'node:path';

export const MIGRATIONS_FOLDER = path.resolve(import.meta.dirname, '../../../drizzle');
