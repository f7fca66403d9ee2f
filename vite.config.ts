import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { transform } from 'esbuild';
import { build, defineConfig, type BuildEnvironmentOptions, type Plugin } from 'vite';
// @ts-expect-error plain JavaScript module without types
import { wistiaStandinVitePlugin } from './demo/wistia-standin/index.mjs';
// @ts-expect-error plain JavaScript module without types
import { leanLiterals, minifiedLocales } from './scripts/lean-literals.mjs';
import {
  createTokenHandler,
  staticUploadTokenIssuer,
  toNodeHandler,
  wistiaExpiringTokenIssuer,
  type TokenIssuer,
} from './src/server/index.js';

const root = import.meta.dirname;
const localeSources = resolve(root, 'src/locales') + '/';

/** Where the dev server answers token requests when it talks to the real Wistia. */
const DEV_TOKEN_PATH = '/api/wistia-token';

/**
 * `WISTIA_API_TOKEN` set: the demo pages upload to the real Wistia. Their `<wistia-uploader>` elements lose the
 * stand-in endpoints (so Wistia's defaults apply) and ask the token endpoint of `src/server` instead, which
 * issues tokens from the API token kept in this process. `WISTIA_TOKEN_ISSUER=expiring` mints a short-lived
 * token per request instead of handing out the API token itself (`static`, the default).
 */
function realWistiaPlugin(apiToken: string, env: NodeJS.ProcessEnv): Plugin {
  const kind = env['WISTIA_TOKEN_ISSUER'] ?? 'static';
  if (kind !== 'static' && kind !== 'expiring') {
    throw new Error(`WISTIA_TOKEN_ISSUER must be "static" or "expiring", not "${kind}".`);
  }
  const issuer: TokenIssuer =
    kind === 'expiring'
      ? wistiaExpiringTokenIssuer({ apiToken })
      : staticUploadTokenIssuer({ token: apiToken, ttlSeconds: 3600 });
  const handler = toNodeHandler(
    createTokenHandler({
      // The dev server listens on localhost; fetch metadata also keeps other sites' pages in this browser out.
      authorize: (request) => request.headers.get('sec-fetch-site') === 'same-origin' && { subject: 'local-demo' },
      issuer,
      onError: (error) => console.error(`[token endpoint] ${error.message}`),
    }),
  );
  const projectId = env['WISTIA_PROJECT_ID'];
  return {
    name: 'real-wistia-token-endpoint',
    configureServer(server) {
      server.middlewares.use(DEV_TOKEN_PATH, (req, res) => void handler(req, res));
      server.httpServer?.once('listening', () => {
        console.log(`  Uploads go to the real Wistia; tokens come from ${DEV_TOKEN_PATH} (${kind} issuer).`);
      });
    },
    transformIndexHtml(html) {
      return html.replace(/<wistia-uploader\b[^>]*>/g, (tag) => pointAtWistia(tag, projectId));
    },
  };
}

/** Drops the stand-in's endpoints from an opening tag and points `token-url` at the real token endpoint. */
function pointAtWistia(tag: string, projectId: string | undefined): string {
  let out = tag.replace(/\s+(?:upload-url|s3-copy-url|api-url|token-url)=("[^"]*"|'[^']*'|[^\s>]+)/g, '');
  const extra =
    ` token-url="${DEV_TOKEN_PATH}"` + (projectId && !/\sproject-id=/.test(out) ? ` project-id="${projectId}"` : '');
  out = out.replace(/^<wistia-uploader/, `<wistia-uploader${extra}`);
  return out;
}

/** Tells `src/element/locale.ts` which build it is in: the script-tag file loads locales from beside itself. */
const scriptTagDefine = (value: boolean) => ({ WISTIA_UPLOADER_SCRIPT_TAG: String(value) });

/** The one file for a classic script tag: Lit, styles and English inside; other languages in `locales/`. */
const scriptTagBuild = {
  target: 'es2022',
  lib: {
    entry: resolve(root, 'src/wistia-uploader.ts'),
    formats: ['iife'],
    name: 'WistiaUploader',
    fileName: () => 'wistia-uploader.min.js',
  },
  minify: true,
} satisfies BuildEnvironmentOptions;

/**
 * Serves `/wistia-uploader.min.js` in the dev server, built from the sources on first request and again after
 * they change, so the script-tag example works without `npm run build`. Inside the dev server it is built with
 * Lit's development build, which warns about misuse; `npm run build` writes the production file.
 */
function scriptTagBundlePlugin(): Plugin {
  let bundle: Promise<string> | undefined;
  const bundleSources = async (): Promise<string> => {
    const result = await build({
      configFile: false,
      logLevel: 'silent',
      define: scriptTagDefine(true),
      build: { ...scriptTagBuild, write: false, sourcemap: false },
    });
    const [output] = Array.isArray(result) ? result : [result];
    const chunk = 'output' in output ? output.output[0] : undefined;
    if (!chunk || chunk.type !== 'chunk') throw new Error('The script-tag bundle produced no code.');
    return chunk.code;
  };
  return {
    name: 'script-tag-bundle',
    configureServer(server) {
      server.watcher.on('change', (file) => {
        if (file.startsWith(resolve(root, 'src'))) bundle = undefined;
      });
      // The locales the script-tag file loads from beside itself, as `dist/locales/<lang>.js` would be.
      server.middlewares.use('/locales/', (req, res, next) => {
        const lang = /^\/([a-z]{2})\.js$/.exec(req.url ?? '')?.[1];
        if (!lang) return next();
        readFile(resolve(root, 'src/locales', `${lang}.ts`), 'utf8')
          .then((source) => transform(source, { loader: 'ts', format: 'esm' }))
          .then(
            ({ code }) => {
              res.setHeader('Content-Type', 'text/javascript; charset=utf-8');
              res.setHeader('Cache-Control', 'no-store');
              res.end(code);
            },
            () => next(),
          );
      });
      server.middlewares.use('/wistia-uploader.min.js', (_req, res, next) => {
        bundle ??= bundleSources();
        bundle.then(
          (code) => {
            res.setHeader('Content-Type', 'text/javascript; charset=utf-8');
            res.setHeader('Cache-Control', 'no-store');
            res.end(code);
          },
          (error: unknown) => {
            bundle = undefined;
            next(error);
          },
        );
      });
    },
  };
}

/**
 * `dist/react.js` imports `./wistia-uploader.js`, the entry itself, rather than sharing a chunk with it: the tag
 * is defined in that entry, which `sideEffects` keeps, so the React component always finds it defined.
 */
function isElementEntryFromReact(id: string, importer: string | undefined): boolean {
  return id === './wistia-uploader.js' && importer === resolve(root, 'src/react.ts');
}

/**
 * `vite` (npm start): the demo, against the Wistia stand-in, or the real Wistia when `WISTIA_API_TOKEN` is set.
 * `vite build`: ESM entries with Lit and React external. `vite build --mode bundle`: one self-contained file for a
 * script tag.
 */
export default defineConfig(({ command, mode }) => {
  if (command === 'serve') {
    const apiToken = process.env['WISTIA_API_TOKEN'];
    return {
      root: resolve(root, 'demo'),
      server: { port: 5173, fs: { allow: [root] } },
      plugins: [
        wistiaStandinVitePlugin(),
        scriptTagBundlePlugin(),
        ...(apiToken ? [realWistiaPlugin(apiToken, process.env)] : []),
      ],
    };
  }
  const common = { target: 'es2022', emptyOutDir: false, outDir: resolve(root, 'dist'), sourcemap: true } as const;
  if (mode === 'bundle') {
    return { define: scriptTagDefine(true), plugins: [leanLiterals()], build: { ...common, ...scriptTagBuild } };
  }
  return {
    define: scriptTagDefine(false),
    plugins: [leanLiterals(), minifiedLocales((fileName) => fileName.startsWith('locales/'))],
    build: {
      ...common,
      emptyOutDir: true,
      minify: false,
      lib: {
        entry: {
          'wistia-uploader': resolve(root, 'src/wistia-uploader.ts'),
          core: resolve(root, 'src/core/index.ts'),
          react: resolve(root, 'src/react.ts'),
        },
        formats: ['es'],
      },
      rollupOptions: {
        external: (id: string, importer: string | undefined) =>
          /^(lit|react)(\/|$)|^@lit\//.test(id) || isElementEntryFromReact(id, importer),
        output: {
          // Locales keep their plain names in `locales/`: the script-tag file loads the same files by name.
          chunkFileNames: (chunk) =>
            chunk.facadeModuleId?.startsWith(localeSources) ? 'locales/[name].js' : 'chunks/[name]-[hash].js',
        },
      },
    },
  };
});
