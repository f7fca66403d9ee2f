// Build-time trimming of Lit's tagged templates: `css` sheets minified by esbuild's CSS minifier, and in `html`
// templates each run of whitespace that holds a line break collapsed to one space (what HTML renders it as),
// outside quoted attribute values. Templates it cannot read safely are left as they are.
import { transform } from 'esbuild';
import { parseAst } from 'vite';

/** @typedef {{ start: number, end: number, text: string }} Edit */
/** A template's string; `start` is at the backtick or `}` before it (Oxc's ESTree positions).
 * @typedef {{ start: number, value: { raw: string } }} Quasi */
/** @typedef {{ tag: { type: string, name?: string }, quasi: { quasis: Quasi[] } }} TaggedTemplate */

/** Elements whose text keeps its whitespace, and markup whose text this does not read. */
const RAW_TEXT = /<(?:pre|textarea|script|style|!--)/i;

/** @returns {TaggedTemplate[]} */
function taggedTemplates(node, found = []) {
  if (Array.isArray(node)) {
    for (const child of node) taggedTemplates(child, found);
  } else if (node && typeof node === 'object') {
    if (node.type === 'TaggedTemplateExpression') found.push(node);
    for (const value of Object.values(node)) if (value && typeof value === 'object') taggedTemplates(value, found);
  }
  return found;
}

/**
 * The edits that collapse line-breaking whitespace in an `html` template's strings, or null to leave it.
 * @param {Quasi[]} quasis
 * @returns {Edit[] | null}
 */
export function collapseHtml(quasis) {
  if (quasis.some((q) => RAW_TEXT.test(q.value.raw))) return null;
  const edits = [];
  // Whether the scan is inside a tag, and inside which quote: both carry over the `${…}` between strings.
  let inTag = false;
  let quote = '';
  for (const { start, value } of quasis) {
    const raw = value.raw;
    for (let i = 0; i < raw.length; i++) {
      const char = raw[i];
      if (quote) {
        if (char === quote) quote = '';
      } else if (inTag && (char === '"' || char === "'")) {
        quote = char;
      } else if (char === '<') {
        inTag = true;
      } else if (char === '>') {
        inTag = false;
      } else if (/\s/.test(char)) {
        let end = i;
        while (end < raw.length && /\s/.test(raw[end])) end++;
        const run = raw.slice(i, end);
        if (run.includes('\n')) edits.push({ start: start + 1 + i, end: start + 1 + end, text: ' ' });
        i = end - 1;
      }
    }
  }
  return edits;
}

/**
 * The edit that minifies a `css` template's one string, or null to leave it (interpolations, escapes).
 * @param {Quasi[]} quasis
 * @returns {Promise<Edit[] | null>}
 */
export async function minifyCss(quasis) {
  if (quasis.length !== 1) return null;
  const [{ start, value }] = quasis;
  if (/[\\`]/.test(value.raw)) return null;
  const { code } = await transform(value.raw, { loader: 'css', minify: true, logLevel: 'silent' });
  let text = code.trim();
  // esbuild keeps custom property values and the conditions of at-rules as written: their spaces after `:`, `,`
  // and `(`, before `,` and `)`, and around `*` in calc() mean nothing to CSS there (a sheet with strings is kept).
  if (!/["']|url\(/i.test(text)) text = text.replace(/([:,(])\s+|\s+(?=[,)])/g, '$1').replace(/ \* (?=\.?\d)/g, '*');
  if (/[\\`]|\$\{/.test(text)) return null;
  return [{ start: start + 1, end: start + 1 + value.raw.length, text }];
}

const VLQ = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** @param {number} value */
function vlq(value) {
  let rest = value < 0 ? (-value << 1) | 1 : value << 1;
  let out = '';
  do {
    let digit = rest & 31;
    rest >>>= 5;
    if (rest > 0) digit |= 32;
    out += VLQ[digit];
  } while (rest > 0);
  return out;
}

/**
 * Applies the edits and returns the code with a source map back to the original.
 * @param {string} code
 * @param {Edit[]} edits
 * @param {string} file
 */
function applyEdits(code, edits, file) {
  edits.sort((a, b) => a.start - b.start);
  let out = '';
  const lines = [[]];
  let genColumn = 0;
  let lastGenColumn = 0;
  let srcLine = 0;
  let srcColumn = 0;
  let lastSrcLine = 0;
  let lastSrcColumn = 0;
  const mark = () => {
    lines[lines.length - 1].push(
      vlq(genColumn - lastGenColumn) + 'A' + vlq(srcLine - lastSrcLine) + vlq(srcColumn - lastSrcColumn),
    );
    lastGenColumn = genColumn;
    lastSrcLine = srcLine;
    lastSrcColumn = srcColumn;
  };
  /** Copies original text. */
  const copy = (text) => {
    for (const [i, part] of text.split('\n').entries()) {
      if (i > 0) {
        out += '\n';
        lines.push([]);
        genColumn = lastGenColumn = 0;
        srcLine++;
        srcColumn = 0;
      }
      // A segment at each token, so tools that compose this map with theirs keep exact columns.
      let column = 0;
      for (const token of part.matchAll(/[\w$]+|\S/g)) {
        genColumn += token.index - column;
        srcColumn += token.index - column;
        column = token.index;
        mark();
      }
      out += part;
      genColumn += part.length - column;
      srcColumn += part.length - column;
    }
  };
  /** Writes replacement text (no line breaks) mapped to where the replaced text began, then skips that text. */
  const replace = (text, replaced) => {
    mark();
    out += text;
    genColumn += text.length;
    const breaks = replaced.split('\n');
    srcLine += breaks.length - 1;
    srcColumn = breaks.length > 1 ? breaks[breaks.length - 1].length : srcColumn + replaced.length;
  };
  let at = 0;
  for (const edit of edits) {
    copy(code.slice(at, edit.start));
    replace(edit.text.replace(/\n/g, ' '), code.slice(edit.start, edit.end));
    at = edit.end;
  }
  copy(code.slice(at));
  const map = {
    version: 3,
    sources: [file],
    sourcesContent: [code],
    names: [],
    mappings: lines.map((l) => l.join(',')).join(';'),
  };
  return { code: out, map };
}

/**
 * A TypeScript module with its `css` and `html` templates trimmed, and a source map back to it; null if none changed.
 * @param {string} code
 * @param {string} file
 * @returns {Promise<{ code: string, map: object } | null>}
 */
export async function trimLiterals(code, file) {
  const edits = [];
  for (const node of taggedTemplates(parseAst(code, { lang: 'ts' }))) {
    if (node.tag.type !== 'Identifier') continue;
    const found =
      node.tag.name === 'css'
        ? await minifyCss(node.quasi.quasis)
        : node.tag.name === 'html'
          ? collapseHtml(node.quasi.quasis)
          : null;
    if (found) edits.push(...found);
  }
  return edits.length > 0 ? applyEdits(code, edits, file) : null;
}

/** @returns {import('vite').Plugin} */
export function leanLiterals() {
  return {
    name: 'lean-lit-literals',
    enforce: 'pre',
    transform(code, id) {
      if (!/\/src\/.*\.ts$/.test(id) || !/\b(?:css|html)`/.test(code)) return null;
      return trimLiterals(code, id);
    },
  };
}

/**
 * Minifies the locale chunks of the ESM build, which the script-tag file loads as they are. A table of strings
 * needs no source map: theirs is dropped.
 */
/**
 * @param {(fileName: string) => boolean} isLocale
 * @returns {import('vite').Plugin}
 */
export function minifiedLocales(isLocale) {
  return {
    name: 'minified-locales',
    async generateBundle(_options, bundle) {
      for (const [fileName, output] of Object.entries(bundle)) {
        if (output.type === 'asset' && isLocale(fileName) && fileName.endsWith('.map')) delete bundle[fileName];
        if (output.type !== 'chunk' || !isLocale(fileName)) continue;
        const result = await transform(output.code.replace(/\n\/\/# sourceMappingURL=\S+\s*$/, ''), {
          loader: 'js',
          format: 'esm',
          minify: true,
          legalComments: 'none',
          // Module scripts are always read as UTF-8.
          charset: 'utf8',
        });
        output.code = result.code;
        output.map = null;
      }
    },
  };
}
