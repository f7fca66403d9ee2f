// Bytes a user downloads: the script-tag bundle (Lit included) and the ESM entries with the chunks they import
// statically (Lit excluded: it is a dependency the app bundles once). Lazily loaded locales are not counted.
import { readFileSync, existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { buildSync } from 'esbuild';

const repoRoot = resolve(import.meta.dirname, '..');

export const gzip = (buffer) => gzipSync(buffer, { level: 9 }).length;
export const brotli = (buffer) =>
  brotliCompressSync(buffer, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;

/** The file and every relative module it imports statically (`import … from './x.js'`, `export … from`). */
export function staticClosure(entry) {
  const seen = new Set();
  const visit = (file) => {
    if (seen.has(file)) return;
    seen.add(file);
    const code = readFileSync(file, 'utf8');
    for (const [, spec] of code.matchAll(
      /(?:^|[;\s])(?:import|export)\s*(?:[^'"`;]*?\sfrom\s*)?["'](\.{1,2}\/[^"']+)["']/g,
    )) {
      visit(join(dirname(file), spec));
    }
  };
  visit(entry);
  return [...seen];
}

/** gzip and brotli of each file on its own, summed: what HTTP sends for them. */
function measure(files) {
  let raw = 0;
  let gz = 0;
  let br = 0;
  for (const file of files) {
    const buffer = readFileSync(file);
    raw += buffer.length;
    gz += gzip(buffer);
    br += brotli(buffer);
  }
  return { files: files.map((f) => relative(repoRoot, f)), bytes: raw, gzip: gz, brotli: br };
}

/** The entry as an app's bundler ships it: bundled with its chunks, minified, Lit left out. */
function minifiedEsm(entry) {
  const { outputFiles } = buildSync({
    entryPoints: [entry],
    bundle: true,
    format: 'esm',
    minify: true,
    write: false,
    external: ['lit', 'lit/*', '@lit/*'],
    legalComments: 'none',
    // Locales stay lazily loaded chunks, as in an app.
    splitting: true,
    outdir: '/tmp/out',
  });
  const main = outputFiles.find((f) => f.path.endsWith(entry.split('/').pop()));
  const code = Buffer.from(main.text);
  return {
    files: [`${relative(repoRoot, entry)} (minified)`],
    bytes: code.length,
    gzip: gzip(code),
    brotli: brotli(code),
  };
}

export function bundleSizes() {
  const dist = join(repoRoot, 'dist');
  const bundle = join(dist, 'wistia-uploader.min.js');
  if (!existsSync(bundle)) throw new Error('dist/ is missing: run `npm run build` first.');
  return {
    'wistia-uploader.min.js (script tag, Lit included)': measure([bundle]),
    'wistia-uploader.js (ESM, Lit excluded)': measure(staticClosure(join(dist, 'wistia-uploader.js'))),
    'core.js (ESM, headless)': measure(staticClosure(join(dist, 'core.js'))),
    'wistia-uploader.js minified by an app bundler (Lit excluded)': minifiedEsm(join(dist, 'wistia-uploader.js')),
    'core.js minified by an app bundler': minifiedEsm(join(dist, 'core.js')),
  };
}

/** gzip -9 of peers' script-tag builds, measured the same way on the same machine kind (JS, then their CSS). */
export const PEER_SIZES = [
  ['Dropzone 6.3.5', '11.8 KB + 1.3 KB CSS'],
  ['mux-uploader 1.5.0 (IIFE, no URL import)', '16.0 KB'],
  ['FilePond 4.32', '31.8 KB + 3.4 KB CSS'],
  ['Uppy core + dashboard + xhr-upload', '74.8 KB + 20.8 KB CSS'],
  ['Uploadcare file uploader', '104 KB + 11.4 KB CSS'],
  ['Lit runtime alone / hello-world Lit element IIFE', '5.8 KB / 7.7 KB'],
];
