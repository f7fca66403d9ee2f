// Bundle budgets, checked by `npm test` (`npm run size`). Each limit is the size measured when it was set plus 3 %,
// so growth is a decision rather than an accident; lower a limit whenever a change makes the file smaller.
// Set anew for the first-load split (issue 21): the script-tag file holds what a page needs until something is
// added, its upload piece (dist/chunks/upload.min.js) the engine, rows, their styles and previews; see
// docs/performance.md, "What loads when". Then the tus client of resumable uploads (src/core/tus-upload.ts,
// resumable-item.ts) joined the upload piece and the core: the piece, the published entry and the core each measured
// after the merge, + 3 %; the first-load file did not grow. Set anew once the tus client, the status poller and
// folder walking became pieces of their own (fetched only for `resumable`, `wait-for-ready`, a dropped folder), and the
// announcer, focus keeping, progress reporting and the rows' formats joined the upload piece. Set anew when the rows'
// words and styles joined it too; the first-load file's gzip budget is the 18 kB target itself, not its size + 3 %.
// Sizes are gzip -9 (or brotli 11) of each file, summed over the files an entry loads at start.
// Targets (issue 11): the script-tag file at most 18 kB gzip (aim 14), the npm entry as an app's bundler minifies
// it, Lit excluded, at most 11 kB; see docs/performance.md for where the bytes are.
const { existsSync, readdirSync, readFileSync } = require('node:fs');
const { dirname, join } = require('node:path');
const { writeAppBundle } = require('./bench/app-bundle.cjs');

const built = existsSync('dist/wistia-uploader.js');

/** The entry and every chunk it imports statically, as bench/sizes.mjs finds them (chunk names change with the code). */
function staticClosure(entry, seen = new Set()) {
  if (seen.has(entry) || !built) return [entry];
  seen.add(entry);
  const code = readFileSync(entry, 'utf8');
  for (const [, spec] of code.matchAll(
    /(?:^|[;\s])(?:import|export)\s*(?:[^'"`;]*?\sfrom\s*)?["'](\.{1,2}\/[^"']+)["']/g,
  )) {
    staticClosure(join(dirname(entry), spec), seen);
  }
  return [...seen];
}

/** Budgets of the pieces fetched only where an option or a drop needs them: `resumable`, `wait-for-ready`, a folder. */
const PIECE_LIMITS = { tus: '1.63 kB', poll: '1.21 kB', folders: '483 B' };
/** Where the app-bundled entries are written for measuring: a cache, never published. */
const cache = 'node_modules/.cache/wistia-uploader-size';
const appBundled = (entry) => (built ? writeAppBundle(`dist/${entry}`, `${cache}/${entry}`) : `dist/${entry}`);

/**
 * Budgets of each locale file, the one request a page in that language makes besides the script. Set anew (measured
 * + 3 %) when each gained the sentence for an upload relay that kept refusing (`errorRelayRefused`).
 */
const LOCALE_LIMITS = { de: '1.86 kB', es: '1.74 kB', fr: '1.83 kB', ja: '2.10 kB', pt: '1.74 kB' };

module.exports = [
  {
    name: 'script tag: dist/wistia-uploader.min.js, Lit and English included (gzip)',
    path: 'dist/wistia-uploader.min.js',
    gzip: true,
    limit: '18.00 kB',
  },
  {
    name: 'script tag: dist/wistia-uploader.min.js, Lit and English included (brotli)',
    path: 'dist/wistia-uploader.min.js',
    brotli: true,
    limit: '16.63 kB',
  },
  {
    name: 'script tag: dist/chunks/upload.min.js, fetched once something is added (gzip)',
    path: 'dist/chunks/upload.min.js',
    gzip: true,
    limit: '12.72 kB',
  },
  {
    name: 'script tag: dist/chunks/upload.min.js, fetched once something is added (brotli)',
    path: 'dist/chunks/upload.min.js',
    brotli: true,
    limit: '11.31 kB',
  },
  {
    name: "import 'wistia-uploader' minified by an app's bundler, Lit excluded, its lazy upload piece split off (gzip)",
    path: appBundled('wistia-uploader.js'),
    gzip: true,
    limit: '8.20 kB',
  },
  {
    name: "import 'wistia-uploader': entry and its chunks as published, Lit excluded (gzip)",
    path: staticClosure('dist/wistia-uploader.js'),
    gzip: true,
    limit: '45.43 kB',
  },
  {
    name: "import 'wistia-uploader/core': entry and its chunks as published (gzip)",
    path: staticClosure('dist/core.js'),
    gzip: true,
    limit: '28.17 kB',
  },
  ...Object.entries(PIECE_LIMITS).map(([piece, limit]) => ({
    name: `script tag: dist/chunks/${piece}.min.js, fetched only where it is needed (gzip)`,
    path: `dist/chunks/${piece}.min.js`,
    gzip: true,
    limit,
  })),
  ...Object.entries(LOCALE_LIMITS).map(([lang, limit]) => ({
    name: `dist/locales/${lang}.js, fetched by the script tag for lang="${lang}" (gzip)`,
    path: `dist/locales/${lang}.js`,
    gzip: true,
    limit,
  })),
];

// A new locale needs a budget too.
if (built) {
  const unbudgeted = readdirSync('dist/locales').filter((file) => !(file.replace(/\.js$/, '') in LOCALE_LIMITS));
  if (unbudgeted.length > 0) throw new Error(`No size budget for dist/locales/${unbudgeted.join(', ')}`);
}
