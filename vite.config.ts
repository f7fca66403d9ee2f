import { resolve } from 'node:path';
import { defineConfig } from 'vite';
// @ts-expect-error plain JavaScript module without types
import { wistiaStandinVitePlugin } from './demo/wistia-standin/index.mjs';

const root = import.meta.dirname;

/** `vite build`: ESM entries with Lit external. `vite build --mode bundle`: one self-contained file for a script tag. */
export default defineConfig(({ command, mode }) => {
  if (command === 'serve') {
    return {
      root: resolve(root, 'demo'),
      server: { port: 5173, fs: { allow: [root] } },
      plugins: [wistiaStandinVitePlugin()],
    };
  }
  const common = { target: 'es2022', emptyOutDir: false, outDir: resolve(root, 'dist'), sourcemap: true } as const;
  if (mode === 'bundle') {
    return {
      build: {
        ...common,
        lib: { entry: resolve(root, 'src/wistia-uploader.ts'), formats: ['iife'], name: 'WistiaUploader', fileName: () => 'wistia-uploader.min.js' },
        minify: true,
      },
    };
  }
  return {
    build: {
      ...common,
      emptyOutDir: true,
      minify: false,
      lib: {
        entry: { 'wistia-uploader': resolve(root, 'src/wistia-uploader.ts'), core: resolve(root, 'src/core/index.ts') },
        formats: ['es'],
      },
      rollupOptions: { external: [/^lit(\/|$)/, /^@lit\//, /^react(\/|$)/] },
    },
  };
});
