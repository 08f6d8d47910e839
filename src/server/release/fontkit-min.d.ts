/**
 * @pdf-lib/fontkit's minified UMD build, which the package ships beside its main file
 * (`dist/fontkit.umd.js`, 1.5 MB against 0.76 MB) but names in no `exports`: the same API, typed
 * with the package's own declarations.
 */
declare module '@pdf-lib/fontkit/dist/fontkit.umd.min.js' {
  import fontkit from '@pdf-lib/fontkit';
  export default fontkit;
}
