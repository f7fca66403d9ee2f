// Module hooks: sources import `./x.js` where `./x.ts` exists; TypeScript is stripped by esbuild.
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { transform } from 'esbuild';

export async function resolve(specifier, context, next) {
  // Browser tests that also run in Node (test/model/token-client.test.ts) take only `expect` from it: chai itself.
  if (specifier === '@open-wc/testing') return next('@esm-bundle/chai/esm/chai.js', context);
  if (specifier.endsWith('.js') && context.parentURL?.startsWith('file:') && /^\.\.?\//.test(specifier)) {
    const ts = new URL(specifier.replace(/\.js$/, '.ts'), context.parentURL);
    if (existsSync(fileURLToPath(ts))) return { url: ts.href, shortCircuit: true };
  }
  return next(specifier, context);
}

export async function load(url, context, next) {
  if (!url.endsWith('.ts')) return next(url, context);
  const source = await readFile(fileURLToPath(url), 'utf8');
  const { code } = await transform(source, { loader: 'ts', format: 'esm', target: 'es2022', sourcefile: url });
  return { format: 'module', source: code, shortCircuit: true };
}
