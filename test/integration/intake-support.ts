/** The intake helpers moved to test/support/intake.ts; this re-export keeps test/deploy's import working. */
export { pngBytes, tokenOf, validRequest } from '../support/intake.js';
