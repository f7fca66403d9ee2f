// The React example. `npm run demo:react` serves it with the Wistia stand-in, running the element from source;
// `vite build` (its test) resolves `wistia-uploader/react` through the package's exports, as an app would.
import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
// @ts-expect-error plain JavaScript module without types
import { wistiaStandinVitePlugin } from '../wistia-standin/index.mjs';

const repo = resolve(import.meta.dirname, '../..');

export default defineConfig(({ command }) => ({
  root: import.meta.dirname,
  cacheDir: resolve(repo, 'node_modules/.vite/demo-react'),
  plugins: [react(), wistiaStandinVitePlugin()],
  resolve: {
    alias:
      command === 'serve'
        ? [
            { find: /^wistia-uploader\/react$/, replacement: resolve(repo, 'src/react.ts') },
            { find: /^wistia-uploader$/, replacement: resolve(repo, 'src/wistia-uploader.ts') },
          ]
        : [],
  },
  server: { port: 5174 },
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022' },
}));
