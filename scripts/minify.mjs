// The final minification of the script-tag file's pieces: Oxc's minifier, then terser over its output, which
// measured smallest of the pairs tried (gzip -9).
import { minify as terser } from 'terser';
import { minifySync } from 'rolldown/experimental';

/** Minified ES module text of `code`. */
export async function smallest(code) {
  const { code: oxc } = minifySync('piece.js', code, { module: true });
  const { code: out } = await terser(oxc, {
    module: true,
    ecma: 2022,
    compress: { passes: 2 },
    format: { comments: false },
  });
  return out;
}
