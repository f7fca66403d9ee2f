import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { transform } from 'esbuild';
import { build, defineConfig, type BuildEnvironmentOptions, type Connect, type Plugin } from 'vite';
// @ts-expect-error plain JavaScript module without types
import { wistiaStandinVitePlugin } from './demo/wistia-standin/index.mjs';
// @ts-expect-error plain JavaScript module without types
import { leanLiterals, minifiedLocales } from './scripts/lean-literals.mjs';
// @ts-expect-error plain JavaScript module without types
import { smallest, terserAfterOxc } from './scripts/minify.mjs';
// @ts-expect-error plain JavaScript module without types
import { PIECE_FILES, uploadPiece } from './scripts/upload-piece.mjs';
import {
  createTokenHandler,
  createUploadRelay,
  relayTokenIssuer,
  staticUploadTokenIssuer,
  toNodeHandler,
  wistiaExpiringTokenIssuer,
  type TokenIssuer,
} from './src/server/index.js';

const root = import.meta.dirname;
const localeSources = resolve(root, 'src/locales') + '/';

/** Where the dev server answers token requests when it talks to the real Wistia. */
const DEV_TOKEN_PATH = '/api/wistia-token';
/** Where the dev server's upload relay to the real Wistia is mounted (`WISTIA_TOKEN_ISSUER=relay`). */
const DEV_RELAY_PATH = '/api/wistia-relay';
/** What the stand-in's own relay needs from the server package (it is plain JavaScript and cannot import TS). */
const relayServer = { createUploadRelay, createTokenHandler, relayTokenIssuer, toNodeHandler };

/** `WISTIA_TOKEN_ISSUER`: how the demo's token endpoint makes tokens (`static` by default). */
function tokenIssuerKind(env: NodeJS.ProcessEnv): 'static' | 'expiring' | 'relay' {
  const kind = env['WISTIA_TOKEN_ISSUER'] ?? 'static';
  if (kind !== 'static' && kind !== 'expiring' && kind !== 'relay') {
    throw new Error(`WISTIA_TOKEN_ISSUER must be "static", "expiring" or "relay", not "${kind}".`);
  }
  return kind;
}

/**
 * `WISTIA_API_TOKEN` set: the demo pages upload to the real Wistia. Their `<wistia-uploader>` elements lose the
 * stand-in endpoints (so Wistia's defaults apply) and ask the token endpoint of `src/server` instead, which
 * issues tokens from the API token kept in this process. `WISTIA_TOKEN_ISSUER=expiring` mints a short-lived
 * token per request instead of handing out the API token itself (`static`, the default); `relay` hands out
 * relay tokens and sends uploads through the upload relay, so the API token never leaves this process.
 */
function realWistiaPlugin(apiToken: string, env: NodeJS.ProcessEnv): Plugin {
  const kind = tokenIssuerKind(env);
  // base64url: a hex secret has only 16 different characters, and sometimes fewer, which the relay refuses.
  const secret = randomBytes(32).toString('base64url');
  const issuer: TokenIssuer =
    kind === 'relay'
      ? relayTokenIssuer({ secret })
      : kind === 'expiring'
        ? wistiaExpiringTokenIssuer({ apiToken })
        : staticUploadTokenIssuer({ token: apiToken, ttlSeconds: 3600 });
  const relay = toNodeHandler(
    createUploadRelay({
      secret,
      wistiaToken: apiToken,
      basePath: DEV_RELAY_PATH,
      onError: (error) => console.error(`[upload relay] ${error.message}`),
    }),
  );
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
      // Connect strips the mount path; the relay routes on the full path, as it would behind any other server.
      if (kind === 'relay')
        server.middlewares.use((req, res, next) => (isUnder(req.url, DEV_RELAY_PATH) ? void relay(req, res) : next()));
      server.httpServer?.once('listening', () => {
        const route = kind === 'relay' ? ` and go through the upload relay at ${DEV_RELAY_PATH}` : '';
        console.log(`  Uploads go to the real Wistia; tokens come from ${DEV_TOKEN_PATH} (${kind} issuer)${route}.`);
      });
    },
    transformIndexHtml(html) {
      const endpoints =
        kind === 'relay' ? relayEndpoints(DEV_RELAY_PATH, DEV_TOKEN_PATH) : { 'token-url': DEV_TOKEN_PATH };
      return pointEvery(html, endpoints, projectId);
    },
  };
}

/** `WISTIA_TOKEN_ISSUER=relay` without an API token: the pages upload through the stand-in's relay. */
function standinRelayPlugin(): Plugin {
  return {
    name: 'standin-upload-relay',
    transformIndexHtml(html) {
      const endpoints = relayEndpoints('/wistia/relay', '/wistia/relay-token');
      return pointEvery(html, endpoints, undefined);
    },
  };
}

function relayEndpoints(relayPath: string, tokenPath: string): Record<string, string> {
  return {
    'token-url': tokenPath,
    'upload-url': `${relayPath}/`,
    's3-copy-url': `${relayPath}/s3_copy`,
    'api-url': relayPath,
  };
}

function isUnder(url: string | undefined, path: string): boolean {
  return url !== undefined && (url === path || url.startsWith(`${path}/`) || url.startsWith(`${path}?`));
}

/**
 * Points every `<wistia-uploader>` of a page at `endpoints`, except those marked `data-standin-relay`: the resumable
 * example always goes through the stand-in's relay, which is the one that takes resumable uploads (and can be cut).
 */
function pointEvery(html: string, endpoints: Record<string, string>, projectId: string | undefined): string {
  return html.replace(/<wistia-uploader\b[^>]*>/g, (tag) =>
    /\sdata-standin-relay[\s>=]/.test(tag) ? tag : pointAt(tag, endpoints, projectId),
  );
}

/** Replaces the stand-in's endpoints in an opening tag with `endpoints` (those left out take Wistia's defaults). */
function pointAt(tag: string, endpoints: Record<string, string>, projectId: string | undefined): string {
  let out = tag.replace(/\s+(?:upload-url|s3-copy-url|api-url|token-url)=("[^"]*"|'[^']*'|[^\s>]+)/g, '');
  const extra =
    Object.entries(endpoints)
      .map(([name, value]) => ` ${name}="${value}"`)
      .join('') + (projectId && !/\sproject-id=/.test(out) ? ` project-id="${projectId}"` : '');
  out = out.replace(/^<wistia-uploader/, `<wistia-uploader${extra}`);
  return out;
}

/** Tells `src/element/locale.ts` which build it is in: the script-tag file loads locales from beside itself. */
const scriptTagDefine = (value: boolean) => ({ WISTIA_UPLOADER_SCRIPT_TAG: String(value) });

/** The upload piece of the script-tag file, built from what that file leaves out (`scripts/upload-piece.mjs`). */
const scriptTagPiece = () =>
  uploadPiece({ define: scriptTagDefine(true), piecePlugins: () => [leanLiterals()], minify: smallest });

/**
 * The file for a classic script tag: Lit, styles, English and what a page needs until something is added; what
 * only an upload needs in `chunks/upload.min.js`, other languages in `locales/`, both fetched from beside it.
 */
const scriptTagBuild = {
  target: 'es2022',
  lib: {
    entry: resolve(root, 'src/script-tag.ts'),
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
  let bundle: Promise<Map<string, string>> | undefined;
  /** The script-tag file and its piece, by file name. */
  const bundleSources = async (): Promise<Map<string, string>> => {
    const result = await build({
      configFile: false,
      logLevel: 'silent',
      define: scriptTagDefine(true),
      plugins: [scriptTagPiece()],
      build: { ...scriptTagBuild, write: false, sourcemap: false },
    });
    const [output] = Array.isArray(result) ? result : [result];
    if (!('output' in output)) throw new Error('The script-tag bundle produced no code.');
    return new Map(
      output.output.map((file) => [file.fileName, file.type === 'chunk' ? file.code : String(file.source)]),
    );
  };
  const serve =
    (fileName: string): Connect.NextHandleFunction =>
    (_req, res, next) => {
      bundle ??= bundleSources();
      bundle.then(
        (files) => {
          res.setHeader('Content-Type', 'text/javascript; charset=utf-8');
          res.setHeader('Cache-Control', 'no-store');
          res.end(files.get(fileName));
        },
        (error: unknown) => {
          bundle = undefined;
          next(error);
        },
      );
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
      server.middlewares.use('/wistia-uploader.min.js', serve('wistia-uploader.min.js'));
      for (const file of PIECE_FILES as string[]) server.middlewares.use(`/${file}`, serve(file));
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
    const relayToStandin = !apiToken && tokenIssuerKind(process.env) === 'relay';
    return {
      root: resolve(root, 'demo'),
      server: { port: 5173, fs: { allow: [root] } },
      // Only this server's own pages: the React, Vue and Angular examples under demo/ have their own configs and
      // plugins, and scanning their files here ended in "Failed to run dependency scan … Are they installed?".
      optimizeDeps: { entries: ['index.html', 'script-tag/index.html'] },
      plugins: [
        wistiaStandinVitePlugin({ relayServer }),
        scriptTagBundlePlugin(),
        ...(apiToken ? [realWistiaPlugin(apiToken, process.env)] : []),
        ...(relayToStandin ? [standinRelayPlugin()] : []),
      ],
    };
  }
  const common = { target: 'es2022', emptyOutDir: false, outDir: resolve(root, 'dist'), sourcemap: true } as const;
  if (mode === 'bundle') {
    return {
      define: scriptTagDefine(true),
      plugins: [leanLiterals(), scriptTagPiece(), terserAfterOxc()],
      build: { ...common, ...scriptTagBuild },
    };
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
          // The core in one chunk the entries share: the lazy pieces would otherwise cut it into several files.
          advancedChunks: { groups: [{ name: 'uploader', test: /[\\/]src[\\/]core[\\/]/ }] },
        },
      },
    },
  };
});
