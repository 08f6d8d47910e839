// Import direction, checked by `npm run check` (docs/architecture.md §3):
//   api/ → server features → server/requests (the shared request core) → server infrastructure → domain
//   islands/<page>/ → islands/lib/ → domain
// A feature may import only the features listed after it in FEATURES, so feature folders cannot
// form a cycle; no file-level cycles anywhere.

/** Server feature folders, from the ones that build on others to the ones that build on none. */
const FEATURES = [
  'billing-sync',
  'reminders',
  'inbox',
  'release',
  'quotes',
  'files',
  'production',
  'review',
  'intake',
  'status',
  'health',
  'staff-auth',
];
const INFRASTRUCTURE = ['db', 'http', 'links', 'mail', 'storage', 'stripe'];
const INFRASTRUCTURE_FILES = ['config', 'adapters', 'error-code', 'log', 'rate-limit', 'housekeeping'];
const ISLANDS = ['quote-form', 'review', 'release', 'shop', 'status', 'reminders'];

const any = (names) => `(${names.join('|')})`;
const infrastructure = `^src/server/(${any(INFRASTRUCTURE)}/|${any(INFRASTRUCTURE_FILES)}\\.ts$)`;

const featureOrder = FEATURES.map((feature, index) => ({
  name: `feature-order-${feature}`,
  comment: `server/${feature}/ may use only features below it: ${FEATURES.slice(index + 1).join(', ') || 'none'}`,
  severity: 'error',
  from: { path: `^src/server/${feature}/` },
  to: { path: `^src/server/${any(FEATURES.slice(0, index + 1).filter((f) => f !== feature))}/` },
})).filter((rule) => !rule.to.path.endsWith('()/'));

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment:
        'Modules load as a tree: a cycle means two modules are one job, or a helper sits in the wrong place. ' +
        'A cycle closed only by `import type` (an adapter naming its interface) never runs, so it is allowed.',
      severity: 'error',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'drizzle-through-orm',
      comment:
        'drizzle-orm loads through its CommonJS build: src/server/db/orm.ts (it says why) and the embedded ' +
        'driver in db/pglite.ts; an ES import of drizzle elsewhere brings back its slow cold start.',
      severity: 'error',
      from: { pathNot: '^src/server/db/(orm\\.ts|pglite\\.ts|drizzle\\.cjs)$' },
      to: { path: 'node_modules/drizzle-orm/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'domain-is-pure',
      comment: 'domain/ is pure TypeScript shared by browser and server: it imports only itself, zod and content data.',
      severity: 'error',
      from: { path: '^src/domain/' },
      to: { path: '^src/(?!domain/)', pathNot: '^content/' },
    },
    {
      name: 'islands-stay-in-the-browser',
      severity: 'error',
      from: { path: '^src/islands/' },
      to: { path: '^src/(server|dev|build)/' },
    },
    {
      name: 'islands-share-through-lib',
      comment: 'An island folder imports only itself, islands/lib and domain/.',
      severity: 'error',
      from: { path: `^src/islands/(${any(ISLANDS)})/` },
      to: { path: `^src/islands/(?!$1/|lib/)` },
    },
    {
      name: 'islands-lib-is-shared',
      severity: 'error',
      from: { path: '^src/islands/lib/' },
      to: { path: `^src/islands/${any(ISLANDS)}/` },
    },
    {
      name: 'infrastructure-below-features',
      comment: 'db, stripe, mail, storage, links, http and config know nothing of requests or features.',
      severity: 'error',
      from: { path: infrastructure },
      to: { path: `^src/server/(requests|${any(FEATURES)})/` },
    },
    {
      name: 'request-core-below-features',
      comment: 'server/requests/ (load, lock, commit a decision, views) is shared by every feature and imports none.',
      severity: 'error',
      from: { path: '^src/server/requests/' },
      to: { path: `^src/server/${any(FEATURES)}/` },
    },
    {
      name: 'stripe-sdk-only-in-adapter',
      severity: 'error',
      from: { path: '^src/(?!server/stripe/|dev/stripe-emulator/)' },
      to: { path: '^node_modules/stripe/' },
    },
    {
      name: 'server-never-imports-dev',
      comment: 'src/dev/ is the local runtime; deployed functions must not depend on it.',
      severity: 'error',
      from: { path: '^(src/server|api)/' },
      to: { path: '^src/dev/' },
    },
    ...featureOrder,
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|\\.astro|\\.data)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
    },
  },
};
