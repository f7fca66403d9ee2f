// The Vue example. `npm run demo:vue` serves it with the Wistia stand-in, running the element from source;
// `vite build` (its test) resolves `wistia-uploader` through the package's exports, as an app would.
import { resolve } from 'node:path';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';
// @ts-expect-error plain JavaScript module without types
import { wistiaStandinVitePlugin } from '../wistia-standin/index.mjs';

const repo = resolve(import.meta.dirname, '../..');

export default defineConfig(({ command }) => ({
  root: import.meta.dirname,
  cacheDir: resolve(repo, 'node_modules/.vite/demo-vue'),
  plugins: [
    // Tell Vue's template compiler that <wistia-uploader> is a custom element, not a Vue component.
    vue({ template: { compilerOptions: { isCustomElement: (tag) => tag === 'wistia-uploader' } } }),
    wistiaStandinVitePlugin(),
  ],
  resolve: {
    alias:
      command === 'serve' ? [{ find: /^wistia-uploader$/, replacement: resolve(repo, 'src/wistia-uploader.ts') }] : [],
  },
  server: { port: 5175 },
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022' },
}));
