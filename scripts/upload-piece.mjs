// Build of the script-tag file's pieces, fetched beside the script: `chunks/upload.min.js`, what only an upload
// needs, when the first item comes or is about to; `chunks/tus.min.js`, the resumable client, only for `resumable`;
// `chunks/poll.min.js`, the status poller, only for `wait-for-ready`; `chunks/folders.min.js` when a folder is dropped.
// Each is an ES module whose default export takes what it shares with the files before it (`src/element/hand-over.ts`,
// `upload-hand-over.ts`), so no two files carry the same module.
import { readFile } from 'node:fs/promises';
import { dirname, relative, resolve } from 'node:path';
import { build, parseAst } from 'vite';

const root = resolve(import.meta.dirname, '..');
const src = (path) => resolve(root, 'src/element', path);
/** In build order: each piece takes from the first-load file and the pieces before it, through its hand-overs. */
const PIECES = [
  { entry: src('upload-piece.ts'), file: 'chunks/upload.min.js', handOvers: [src('hand-over.ts')] },
  {
    entry: src('tus-piece.ts'),
    file: 'chunks/tus.min.js',
    handOvers: [src('hand-over.ts'), src('upload-hand-over.ts')],
  },
  {
    entry: src('poll-piece.ts'),
    file: 'chunks/poll.min.js',
    handOvers: [src('hand-over.ts'), src('upload-hand-over.ts')],
  },
  { entry: src('folder-piece.ts'), file: 'chunks/folders.min.js', handOvers: [src('hand-over.ts')] },
];
export const PIECE_FILES = PIECES.map((piece) => piece.file);

const isLit = (source) => /^(lit|lit-html|lit-element|@lit\/reactive-element)(\/|$)/.test(source);

/** The key of a module the piece leaves out: its package, or its path under `src/`. */
const keyOf = (id) => relative(resolve(root, 'src'), id).replace(/\.[jt]s$/, '');

/**
 * The hand-overs as written in `hand-over.ts` and the like, one array after the other: `key name` → its index in
 * them all, the key of the module it is imported from in that file.
 */
async function handOverIndex(files) {
  const index = new Map();
  for (const file of files) {
    const from = new Map();
    const visit = (node) => {
      if (!node || typeof node !== 'object') return;
      if (node.type === 'ImportDeclaration') {
        const source = node.source.value;
        const key = isLit(source) ? source : keyOf(resolve(dirname(file), source));
        for (const s of node.specifiers) from.set(s.local.name, `${key} ${s.imported.name}`);
      } else if (node.type === 'VariableDeclarator' && node.id.name === 'handOver') {
        const offset = index.size;
        (node.init.expression ?? node.init).elements.forEach((e, i) => index.set(from.get(e.name), offset + i));
      } else for (const value of Object.values(node)) visit(value);
    };
    visit(parseAst(await readFile(file, 'utf8'), { lang: 'ts' }));
  }
  return index;
}

/**
 * The piece's ES module made a function of the hand-over: its imports become one `const [a, , b] = given`, each
 * name where the hand-overs hold it; the closing `export { x as y }` a returned object.
 */
function asHandOverFunction(code, handedOver) {
  const edits = [];
  const missing = [];
  /** Local name by index in the hand-over: one array pattern takes them all. */
  const taken = [];
  for (const node of parseAst(code).body) {
    if (node.type === 'ImportDeclaration') {
      const key = node.source.value;
      for (const s of node.specifiers) {
        if (s.type !== 'ImportSpecifier') throw new Error(`A piece imports all of ${key}: import names.`);
        const at = handedOver.get(`${key} ${s.imported.name}`);
        if (at === undefined) missing.push(`${key}: ${s.imported.name}`);
        else taken[at] = s.local.name;
      }
      edits.push({ start: node.start, end: node.end, text: '' });
    } else if (node.type === 'ExportNamedDeclaration' && !node.declaration && !node.source) {
      const parts = node.specifiers.map((s) => `${s.exported.name}:${s.local.name}`);
      edits.push({ start: node.start, end: node.end, text: `return{${parts.join(',')}};` });
    } else if (node.type.startsWith('Export')) {
      throw new Error(`A piece's bundle has an export this build cannot turn: ${node.type}.`);
    }
  }
  if (missing.length > 0) {
    throw new Error(
      `A piece uses what its hand-overs (src/element/*hand-over.ts) do not hand over:\n${missing.join('\n')}`,
    );
  }
  let out = code;
  for (const { start, end, text } of edits.sort((a, b) => b.start - a.start)) {
    out = out.slice(0, start) + text + out.slice(end);
  }
  return `export default function(given){const[${Array.from(taken, (name) => name ?? '').join(',')}]=given;${out}}`;
}

/**
 * Vite plugin for the script-tag build: once the first-load file is bundled, builds each piece with every module of
 * the files before it left out (taken from its hand-overs instead) and emits it beside the script.
 * `piecePlugins` are the plugins a piece is built with; `minify(code)` makes its final text.
 */
export function uploadPiece({ define, piecePlugins, minify }) {
  return {
    name: 'upload-piece',
    async generateBundle(_options, bundle) {
      const first = Object.values(bundle).find((file) => file.type === 'chunk' && file.isEntry);
      const before = new Set(first.moduleIds);
      for (const piece of PIECES) {
        const chunk = await buildPiece(piece.entry, before, define, piecePlugins);
        const code = asHandOverFunction(chunk.code, await handOverIndex(piece.handOvers));
        this.emitFile({ type: 'asset', fileName: piece.file, source: await minify(code) });
        for (const id of chunk.moduleIds) before.add(id);
      }
    },
  };
}

/** The piece of `entry` as one ES module importing every module of `before` by its key. */
async function buildPiece(entry, before, define, piecePlugins) {
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
          return resolved && before.has(resolved.id) ? { id: keyOf(resolved.id), external: true } : null;
        },
      },
    ],
    build: {
      write: false,
      target: 'es2022',
      minify: false,
      sourcemap: false,
      lib: { entry, formats: ['es'], fileName: () => 'piece.js' },
    },
  });
  const [output] = Array.isArray(result) ? result : [result];
  return output.output[0];
}
