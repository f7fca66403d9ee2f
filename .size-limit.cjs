// Bundle budgets, checked by `npm test` (`npm run size`). Each limit started at the size measured when it was set
// plus 3 %, so growth is a decision rather than an accident; lower a limit whenever a change makes the file smaller.
// Sizes are gzip -9 (or brotli 11) of each file, summed over the chunks an entry imports statically.
// Target for the script-tag file: 13 kB gzip with Lit and styles (issue 6); see docs/performance.md for the gap.
const esmChunks = ['dist/chunks/uploader-*.js', 'dist/chunks/types-*.js'];

module.exports = [
  {
    name: 'script tag: dist/wistia-uploader.min.js, Lit included (gzip)',
    path: 'dist/wistia-uploader.min.js',
    gzip: true,
    limit: '29.54 kB',
  },
  {
    name: 'script tag: dist/wistia-uploader.min.js, Lit included (brotli)',
    path: 'dist/wistia-uploader.min.js',
    brotli: true,
    limit: '25.83 kB',
  },
  {
    name: "import 'wistia-uploader': entry and its chunks, Lit excluded (gzip)",
    path: ['dist/wistia-uploader.js', ...esmChunks],
    gzip: true,
    limit: '29.89 kB',
  },
  {
    name: "import 'wistia-uploader/core': entry and its chunks (gzip)",
    path: ['dist/core.js', ...esmChunks],
    gzip: true,
    limit: '14.55 kB',
  },
];
