// An npm entry as an app's bundler ships it: bundled with its chunks, minified, Lit left out (the app bundles it
// once), lazily loaded locales split off. Used by bench/sizes.mjs and by the budget in .size-limit.cjs.
const { mkdirSync, writeFileSync } = require('node:fs');
const { basename, dirname } = require('node:path');
const { buildSync } = require('esbuild');

/** The minified code of `entry`'s own output file. */
function appBundle(entry) {
  const { outputFiles } = buildSync({
    entryPoints: [entry],
    bundle: true,
    format: 'esm',
    minify: true,
    write: false,
    external: ['lit', 'lit/*', '@lit/*'],
    legalComments: 'none',
    splitting: true,
    outdir: '/app-bundle',
  });
  return outputFiles.find((file) => file.path === `/app-bundle/${basename(entry)}`).text;
}

/** Writes `appBundle(entry)` to `file`, for tools that measure files. */
function writeAppBundle(entry, file) {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, appBundle(entry));
  return file;
}

module.exports = { appBundle, writeAppBundle };
