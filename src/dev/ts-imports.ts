/**
 * `npm start` runs the TypeScript sources with Node's own type stripping, not a transpiling loader
 * (docs/architecture.md §9, "Cold starts"): `node --import ./src/dev/ts-imports.ts src/dev/start.ts`.
 * Node strips the types itself; the one thing it does not do is what `nodenext` asks of every
 * relative import, naming the `.js` file the `.ts` source compiles to. This hook resolves such a
 * specifier to the `.ts` file beside it, and to the `.js` file when no source exists (a real `.js`).
 */
import { registerHooks } from 'node:module';

const RELATIVE_JS = /^\.{1,2}\/.*\.js$/;

registerHooks({
  resolve(specifier, context, nextResolve) {
    if (RELATIVE_JS.test(specifier) && context.parentURL?.endsWith('.ts')) {
      try {
        return nextResolve(`${specifier.slice(0, -'.js'.length)}.ts`, context);
      } catch {
        // No .ts source beside it: the .js file itself.
      }
    }
    return nextResolve(specifier, context);
  },
});
