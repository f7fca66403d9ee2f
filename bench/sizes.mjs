// Bytes a user downloads: the script-tag bundle (Lit included) and the ESM entries with the chunks they import
// statically (Lit excluded: it is a dependency the app bundles once). Lazily loaded locales are counted apart.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { createRequire } from 'node:module';

const repoRoot = resolve(import.meta.dirname, '..');
const { appBundle } = createRequire(import.meta.url)('./app-bundle.cjs');

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
  const code = Buffer.from(appBundle(entry));
  return {
    files: [`${relative(repoRoot, entry)} (minified)`],
    bytes: code.length,
    gzip: gzip(code),
    brotli: brotli(code),
  };
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/**
 * Source-map `mappings`, decoded to `[generatedColumn, sourceIndex, sourceLine, sourceColumn]` per segment (all from 0;
 * `[generatedColumn, -1]` where nothing is mapped), line by line.
 */
export function decodeMappings(mappings) {
  const lines = [];
  let source = 0;
  let sourceLine = 0;
  let sourceColumn = 0;
  for (const line of mappings.split(';')) {
    const segments = [];
    let column = 0;
    for (const segment of line.split(',')) {
      if (!segment) continue;
      const fields = [];
      let value = 0;
      let shift = 0;
      for (const char of segment) {
        const digit = B64.indexOf(char);
        value += (digit & 31) << shift;
        if (digit & 32) {
          shift += 5;
        } else {
          fields.push(value & 1 ? -(value >>> 1) : value >>> 1);
          value = 0;
          shift = 0;
        }
      }
      column += fields[0];
      if (fields.length > 1) {
        source += fields[1];
        sourceLine += fields[2];
        sourceColumn += fields[3];
      }
      segments.push(fields.length > 1 ? [column, source, sourceLine, sourceColumn] : [column, -1]);
    }
    lines.push(segments);
  }
  return lines;
}

/** What a source file of the bundle counts as in the breakdown. */
export function moduleGroup(source) {
  if (/node_modules\/(lit|lit-html|lit-element|@lit)\//.test(source)) return 'Lit';
  if (source.includes('src/core/')) return 'core';
  if (source.endsWith('wistia-uploader.styles.ts')) return 'styles';
  if (source.includes('src/locales/') || source.endsWith('src/element/messages.ts')) return 'messages and locales';
  if (source.includes('src/element/') || source.endsWith('src/wistia-uploader.ts')) return 'element';
  return 'other';
}

/**
 * The bytes of a minified file by the group of source modules they came from, read from its source map: raw bytes,
 * and gzip as the file's gzip size minus that of the file with the group cut out (what the group adds to the
 * download). Code the map gives no source for is the bundler's glue.
 */
export function bytesByModule(file, groupOf = moduleGroup) {
  const code = readFileSync(file, 'utf8');
  const map = JSON.parse(readFileSync(`${file}.map`, 'utf8'));
  const decoded = decodeMappings(map.mappings);
  const pieces = new Map();
  const add = (group, text) => {
    if (!pieces.has(group)) pieces.set(group, []);
    pieces.get(group).push(text);
  };
  const lines = code.split('\n');
  // A segment runs until the next one, across lines: a multi-line template literal has segments on its first only.
  let current = 'bundler glue';
  const owner = lines.map((line, i) => {
    const groups = new Array(line.length);
    const segments = decoded[i] ?? [];
    let column = 0;
    for (const [start, source] of segments) {
      for (; column < start; column++) groups[column] = current;
      current = source >= 0 ? groupOf(map.sources[source]) : 'bundler glue';
    }
    for (; column < line.length; column++) groups[column] = current;
    return groups;
  });
  owner.forEach((groups, i) => groups.forEach((group, c) => add(group, lines[i][c])));
  const whole = gzip(Buffer.from(code));
  const result = {};
  for (const group of pieces.keys()) {
    const without = lines.map((line, i) => [...line].filter((_, c) => owner[i][c] !== group).join('')).join('\n');
    result[group] = { bytes: Buffer.byteLength(pieces.get(group).join('')), gzip: whole - gzip(Buffer.from(without)) };
  }
  return { total: { bytes: Buffer.byteLength(code), gzip: whole }, groups: result };
}

/** The largest of the locale files the script-tag file loads; a page fetches at most the one of its language. */
function largestLocale(dir) {
  const sizes = readdirSync(dir)
    .filter((file) => file.endsWith('.js'))
    .map((file) => measure([join(dir, file)]));
  return sizes.sort((a, b) => b.gzip - a.gzip)[0];
}

/** The script-tag file's upload piece: what only an upload needs, fetched beside it once something is added. */
export const PIECE_ROW = 'dist/chunks/upload.min.js (fetched once something is added)';
/** All a page with one upload loads (in English): the script-tag file and its piece, each gzipped on its own. */
export const ONE_UPLOAD_ROW = 'a page with one upload: min.js and its piece';

export function bundleSizes() {
  const dist = join(repoRoot, 'dist');
  const bundle = join(dist, 'wistia-uploader.min.js');
  if (!existsSync(bundle)) throw new Error('dist/ is missing: run `npm run build` first.');
  const piece = join(dist, 'chunks/upload.min.js');
  return {
    'wistia-uploader.min.js (script tag, Lit included)': measure([bundle]),
    [PIECE_ROW]: measure([piece]),
    [ONE_UPLOAD_ROW]: measure([bundle, piece]),
    'wistia-uploader.js (ESM, Lit excluded)': measure(staticClosure(join(dist, 'wistia-uploader.js'))),
    'core.js (ESM, headless)': measure(staticClosure(join(dist, 'core.js'))),
    'wistia-uploader.js minified by an app bundler (Lit excluded)': minifiedEsm(join(dist, 'wistia-uploader.js')),
    'core.js minified by an app bundler': minifiedEsm(join(dist, 'core.js')),
    'dist/locales/<lang>.js, the largest (one is fetched, for its language only)': largestLocale(join(dist, 'locales')),
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

// `node bench/sizes.mjs [--by-file]`: the sizes, and the script-tag file by group of source modules (or by file).
if (process.argv[1] === import.meta.filename) {
  for (const [name, size] of Object.entries(bundleSizes())) {
    console.log(`${name}: ${size.bytes} B, gzip ${size.gzip} B, brotli ${size.brotli} B`);
  }
  const byFile = process.argv.includes('--by-file');
  const { total, groups } = bytesByModule(
    join(repoRoot, 'dist/wistia-uploader.min.js'),
    byFile ? (source) => source.replace(/^(\.\.\/)+(node_modules\/)?/, '') : moduleGroup,
  );
  console.log(
    `\ndist/wistia-uploader.min.js by source module (gzip: what the module adds to the file's ${total.gzip} B):`,
  );
  for (const [group, size] of Object.entries(groups).sort((a, b) => b[1].gzip - a[1].gzip)) {
    console.log(
      `  ${group.padEnd(byFile ? 44 : 22)} ${String(size.bytes).padStart(7)} B  gzip ${String(size.gzip).padStart(6)} B`,
    );
  }
}
