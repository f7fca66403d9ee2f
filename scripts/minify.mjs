// The final minification of the script-tag files: Oxc's minifier, then terser over its output, which measured
// smallest of the pairs tried (gzip -9); the first-load file keeps a source map through both.
import { minify as terser } from 'terser';
import { minifySync } from 'rolldown/experimental';

/** Made afresh for each call: terser writes into the options it is given (a module's `toplevel` leaked to the next). */
const options = () => ({ ecma: 2022, compress: { passes: 3 }, format: { comments: false } });

/** Minified ES module text of `code`. */
export async function smallest(code) {
  const { code: oxc } = minifySync('piece.js', code, { module: true });
  const { code: out } = await terser(oxc, { ...options(), module: true });
  return out;
}

/**
 * Vite plugin: terser over the first-load file once Oxc has minified it (`build.minify`), its source map carried
 * on, as `bench/sizes.mjs` reads the file's bytes by source module from it.
 */
export function terserAfterOxc() {
  return {
    name: 'terser-after-oxc',
    async generateBundle(_options, bundle) {
      for (const chunk of Object.values(bundle)) {
        if (chunk.type !== 'chunk' || !chunk.fileName.endsWith('.min.js')) continue;
        const mapFile = bundle[`${chunk.fileName}.map`];
        const map = chunk.map ?? (mapFile && JSON.parse(String(mapFile.source)));
        const code = chunk.code.replace(/\n\/\/# sourceMappingURL=\S+\s*$/, '');
        const out = await terser(code, {
          ...options(),
          sourceMap: map && { content: map, includeSources: true, url: `${chunk.fileName.split('/').pop()}.map` },
        });
        chunk.code = out.code;
        if (!map) continue;
        if (chunk.map) chunk.map = JSON.parse(out.map);
        if (mapFile) mapFile.source = out.map;
      }
    },
  };
}
