// Build of the script-tag file's upload piece, `chunks/upload.min.js`: what only an upload needs, fetched beside
// the script when the first item comes or is about to. It is an ES module whose default export takes what it shares
// with the first-load file (`src/element/hand-over.ts`), so the two never carry the same module twice.
import { readFile } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import { build, parseAst } from 'vite';

const root = resolve(import.meta.dirname, '..');
const PIECE_ENTRY = resolve(root, 'src/element/upload-piece.ts');
const HAND_OVER = resolve(root, 'src/element/hand-over.ts');
export const PIECE_FILE = 'chunks/upload.min.js';

const isLit = (source) => /^(lit|lit-html|lit-element|@lit\/reactive-element)(\/|$)/.test(source);

/** The key a module of the first-load file has in the hand-over: its package, or its path under `src/`. */
const keyOf = (id) => relative(resolve(root, 'src'), id).replace(/\.ts$/, '');

/** The hand-over as written in `hand-over.ts`: module key → names handed over. */
async function handOverNames() {
  const ast = parseAst(await readFile(HAND_OVER, 'utf8'), { lang: 'ts' });
  const names = new Map();
  const visit = (node) => {
    if (!node || typeof node !== 'object') return;
    if (node.type === 'VariableDeclarator' && node.id.name === 'handOver') {
      for (const entry of node.init.properties) {
        names.set(entry.key.value ?? entry.key.name, new Set(entry.value.properties.map((p) => p.key.name)));
      }
    } else for (const value of Object.values(node)) visit(value);
  };
  visit(ast);
  return names;
}

/**
 * The piece's ES module made a function of the hand-over: each `import { a as b } from 'key'` becomes
 * `const { a: b } = given['key']`, the closing `export { x as y }` a returned object.
 */
function asHandOverFunction(code, handedOver) {
  const edits = [];
  const missing = [];
  for (const node of parseAst(code).body) {
    if (node.type === 'ImportDeclaration') {
      const key = node.source.value;
      const names = handedOver.get(key);
      const parts = node.specifiers.map((s) => {
        if (s.type !== 'ImportSpecifier') throw new Error(`The upload piece imports all of ${key}: import names.`);
        if (!names?.has(s.imported.name)) missing.push(`${key}: ${s.imported.name}`);
        return `${s.imported.name}:${s.local.name}`;
      });
      edits.push({
        start: node.start,
        end: node.end,
        text: `const{${parts.join(',')}}=given[${JSON.stringify(key)}];`,
      });
    } else if (node.type === 'ExportNamedDeclaration' && !node.declaration && !node.source) {
      const parts = node.specifiers.map((s) => `${s.exported.name}:${s.local.name}`);
      edits.push({ start: node.start, end: node.end, text: `return{${parts.join(',')}};` });
    } else if (node.type.startsWith('Export')) {
      throw new Error(`The upload piece's bundle has an export this build cannot turn: ${node.type}.`);
    }
  }
  if (missing.length > 0) {
    throw new Error(`The upload piece uses what src/element/hand-over.ts does not hand over:\n${missing.join('\n')}`);
  }
  let out = code;
  for (const { start, end, text } of edits.sort((a, b) => b.start - a.start)) {
    out = out.slice(0, start) + text + out.slice(end);
  }
  return `export default function(given){${out}}`;
}

/**
 * Vite plugin for the script-tag build: once the first-load file is bundled, builds the piece with every module of
 * that file left out (taken from the hand-over instead) and emits it as `chunks/upload.min.js`.
 * `piecePlugins` are the plugins the piece is built with; `minify(code)` makes its final text.
 */
export function uploadPiece({ define, piecePlugins, minify }) {
  return {
    name: 'upload-piece',
    async generateBundle(_options, bundle) {
      const first = Object.values(bundle).find((file) => file.type === 'chunk' && file.isEntry);
      const shell = new Set(first.moduleIds);
      const handedOver = await handOverNames();
      const result = await build({
        configFile: false,
        logLevel: 'silent',
        define,
        plugins: [
          ...piecePlugins(),
          {
            name: 'take-from-hand-over',
            enforce: 'pre',
            async resolveId(source, importer, options) {
              if (isLit(source)) return { id: source, external: true };
              const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
              return resolved && shell.has(resolved.id) ? { id: keyOf(resolved.id), external: true } : null;
            },
          },
        ],
        build: {
          write: false,
          target: 'es2022',
          minify: false,
          sourcemap: false,
          lib: { entry: PIECE_ENTRY, formats: ['es'], fileName: () => 'piece.js' },
        },
      });
      const [output] = Array.isArray(result) ? result : [result];
      const chunk = output.output[0];
      this.emitFile({
        type: 'asset',
        fileName: PIECE_FILE,
        source: await minify(asHandOverFunction(chunk.code, handedOver)),
      });
    },
  };
}
