// drizzle-orm's CommonJS build, loaded for ./orm.ts (which says why). This file is CommonJS on purpose:
// Vercel's file tracer (@vercel/nft) resolves a `require` inside an ES module with the ES conditions,
// so it would ship drizzle's ES files and leave out the CommonJS ones required at run time; from a
// CommonJS file it follows them.
'use strict';

module.exports = {
  orm: require('drizzle-orm'),
  pgCore: require('drizzle-orm/pg-core'),
  nodePostgres: require('drizzle-orm/node-postgres'),
  /** The migrator: loaded when migrations run (`npm run db:migrate`, start-up), not by every function. */
  loadPostgresMigrator: () => require('drizzle-orm/node-postgres/migrator'),
};
