/**
 * `npm install`'s postinstall: prepares the embedded database's template cluster, so that the first
 * `npm start` on an empty DATA_DIR copies it instead of running PGlite's initdb in WASM (about 5 s)
 * and the migrations. Once per PGlite version and set of migrations; a later run finds it and
 * returns at once. Nothing to do on Vercel, whose
 * functions always use PostgreSQL. A failure here only costs the first start those seconds: it is
 * reported, never fails the install.
 */
import { ensureTemplate } from '../src/server/db/pglite.js';

if (process.env.VERCEL) process.exit(0);
const started = Date.now();
try {
  const template = await ensureTemplate();
  console.log(`Embedded database template ready in ${Date.now() - started} ms (${template})`);
} catch (error) {
  console.warn(
    `Embedded database template not prepared (the first start will make it): ${error instanceof Error ? error.message : String(error)}`,
  );
}
