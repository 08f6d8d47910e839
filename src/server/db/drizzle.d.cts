// Typed in ./orm.ts, where `typeof import('drizzle-orm')` names the same declarations as everywhere else.
declare const drizzle: unknown;
export = drizzle;
