// The package as npm publishes it: entries, types, side effects, the packed file list and the
// Custom Elements Manifest. Runs after `npm run build` (npm test builds first).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Script } from 'node:vm';

/** The script-tag file's pieces, fetched from `chunks/` beside it. */
const PIECES = ['upload', 'tus', 'poll', 'folders'];

const root = fileURLToPath(new URL('../../', import.meta.url));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const read = (path) => readFileSync(join(root, path), 'utf8');

/** The public contract (attributes, events, parts), written out here so the test fails when the element stops matching it. */
const CONTRACT = {
  attributes: [
    'token-url',
    'token-credentials',
    'upload-url',
    's3-copy-url',
    'api-url',
    'project-id',
    'contact-id',
    'description',
    'accept',
    'max-file-size',
    'max-files',
    'multiple',
    'capture',
    'concurrency',
    'retries',
    'stall-timeout',
    'manual',
    'wait-for-ready',
    'resumable',
    'no-url',
    'no-unload-warning',
    'disabled',
    'name',
    'required',
    'lang',
  ],
  defaults: {
    'token-credentials': "'same-origin'",
    'upload-url': "'https://upload.wistia.com/'",
    's3-copy-url': "'https://upload.wistia.com/s3_copy'",
    'api-url': "'https://api.wistia.com'",
    accept: "'video/*'",
    'max-file-size': '0',
    'max-files': '0',
    multiple: 'false',
    concurrency: '2',
    retries: '3',
    'stall-timeout': '30000',
    manual: 'false',
    'wait-for-ready': 'false',
    resumable: 'false',
    'no-url': 'false',
    'no-unload-warning': 'false',
    disabled: 'false',
    required: 'false',
  },
  propertiesOnly: ['getToken', 'beforeUpload', 'messages', 'items'],
  methods: ['addFiles', 'importUrl', 'importS3', 'start', 'cancel', 'retry', 'remove', 'clear', 'openFilePicker'],
  events: [
    'wistia-file-reject',
    'wistia-upload-start',
    'wistia-upload-progress',
    'wistia-upload-retry',
    'wistia-upload-resume',
    'wistia-upload-success',
    'wistia-media-ready',
    'wistia-upload-error',
    'wistia-upload-cancel',
    'wistia-queue-complete',
  ],
  parts: ['base', 'dropzone', 'button', 'url-input', 'url-button', 'list', 'item', 'progress', 'status', 'thumbnail'],
  cssProperties: [
    '--wistia-uploader-accent',
    '--wistia-uploader-background',
    '--wistia-uploader-text',
    '--wistia-uploader-border',
    '--wistia-uploader-radius',
    '--wistia-uploader-font',
    '--wistia-uploader-error',
    '--wistia-uploader-success',
  ],
};

/** `exports` entries that are code, with their files. */
const codeEntries = Object.entries(pkg.exports).filter(([, target]) => typeof target === 'object');

/** Module specifiers of the import and export statements of a JS or .d.ts file, and of its lazy `import()`s. */
function specifiers(source) {
  const found = new Set();
  const patterns = [
    /^\s*(?:import|export)\b[^;'"]*?\bfrom\s*["']([^"']+)["']/gm,
    /^\s*import\s*["']([^"']+)["']/gm,
    /\bimport\(\s*["']([^"']+)["']\s*\)/g,
  ];
  for (const pattern of patterns) for (const match of source.matchAll(pattern)) found.add(match[1]);
  return [...found];
}

const relativeImports = (source) => specifiers(source).filter((specifier) => specifier.startsWith('.'));

/** Every file reachable from `start` through relative imports, as paths from the package root. */
function importGraph(start, resolveSpecifier) {
  const seen = new Set();
  const queue = [start];
  while (queue.length > 0) {
    const file = queue.pop();
    if (seen.has(file)) continue;
    seen.add(file);
    for (const specifier of relativeImports(read(file))) queue.push(resolveSpecifier(file, specifier));
  }
  return seen;
}

const fromFile = (file, specifier) => normalize(join(dirname(file), specifier));
/** `./x.js` in a declaration file means `./x.d.ts`. */
const typesFromFile = (file, specifier) => fromFile(file, specifier).replace(/\.js$/, '.d.ts');

let packed;
/** The files `npm pack` would publish, from `npm pack --dry-run --json`. */
function packedFiles() {
  packed ??= new Set(
    JSON.parse(
      execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
        cwd: root,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      }),
    )[0].files.map((file) => file.path),
  );
  return packed;
}

describe('package entries', () => {
  it('has the entries the package promises, each with a built file and types', () => {
    assert.deepEqual(
      codeEntries.map(([name]) => name),
      ['.', './core', './react', './server'],
    );
    for (const [name, target] of codeEntries) {
      assert.ok(existsSync(join(root, target.default)), `${name}: ${target.default} is built`);
      assert.ok(existsSync(join(root, target.types)), `${name}: ${target.types} is built`);
      assert.equal(Object.keys(target)[0], 'types', `${name}: "types" comes first, as TypeScript requires`);
    }
    assert.equal(pkg.exports['.'].default, './dist/wistia-uploader.js');
    assert.equal(pkg.exports['./core'].default, './dist/core.js');
    assert.equal(pkg.exports['./react'].default, './dist/react.js');
    assert.equal(pkg.exports['./server'].default, './dist/server/index.js');
    assert.ok(existsSync(join(root, 'dist/wistia-uploader.min.js')));
  });

  it('imports every entry in Node (server-side rendering) without throwing, by its package name', async () => {
    const main = await import('wistia-uploader');
    assert.equal(typeof main.WistiaUploader, 'function');
    assert.equal(typeof main.UploadSuccessEvent, 'function');
    const core = await import('wistia-uploader/core');
    assert.equal(typeof core.createUploader, 'function');
    const react = await import('wistia-uploader/react');
    assert.equal(typeof react.WistiaUploader, 'object', 'a forwardRef component');
    assert.equal(react.WistiaUploaderElement, main.WistiaUploader, 'the React wrapper uses the one element class');
    const server = await import('wistia-uploader/server');
    assert.equal(typeof server.createTokenHandler, 'function');
    assert.equal(typeof server.toNodeHandler, 'function');
  });

  it('renders the React component on the server to the bare tag, for the browser to upgrade', async () => {
    const { createElement } = await import('react');
    const { renderToString } = await import('react-dom/server');
    const { WistiaUploader } = await import('wistia-uploader/react');
    const html = renderToString(
      createElement(WistiaUploader, { tokenUrl: '/api/wistia-token', onUploadSuccess() {} }, 'Drop here'),
    );
    assert.match(html, /^<wistia-uploader[^>]*>Drop here<\/wistia-uploader>$/);
  });

  it('keeps the headless core free of Lit and of the element', () => {
    const files = importGraph('dist/core.js', fromFile);
    for (const file of files) {
      const source = read(file);
      assert.ok(!specifiers(source).some((specifier) => /^(lit|@lit)(\/|$)/.test(specifier)), `${file} imports Lit`);
      assert.ok(!/customElements\.define/.test(source), `${file} defines the element`);
    }
  });

  it('keeps lit, react and @lit/react external in the ESM build, and bundles everything into min.js', () => {
    const external = new Set();
    for (const [, target] of codeEntries.filter(([name]) => name !== './server')) {
      for (const file of importGraph(target.default.slice(2), fromFile)) {
        for (const specifier of specifiers(read(file)))
          if (!specifier.startsWith('.')) external.add(specifier.split('/')[0]);
      }
    }
    assert.deepEqual([...external].sort(), ['@lit', 'lit', 'react']);
    for (const name of ['lit', '@lit/react']) assert.ok(pkg.dependencies[name], `${name} is a dependency`);
    assert.ok(pkg.peerDependencies.react && pkg.peerDependenciesMeta.react.optional, 'react is an optional peer');

    const min = read('dist/wistia-uploader.min.js');
    // A classic script: it compiles as one (no import or export statements); the modules it may load are beside
    // itself, by one `import()` of a URL made from its own: a locale, or its upload piece.
    assert.doesNotThrow(() => new Script(min, { filename: 'wistia-uploader.min.js' }));
    assert.deepEqual(
      [...min.matchAll(/\bimport\(([^)]*)\)/g)].map((match) => match[1].slice(0, 'new URL('.length)),
      ['new URL('],
      'min.js loads modules from beside itself only',
    );
    assert.match(min, /`locales\/\$\{\w+\}\.js`/, 'min.js loads locales/<lang>.js');
    assert.match(min, /`chunks\/\$\{\w+\}\.min\.js/, 'min.js loads its pieces, chunks/<name>.min.js');
    // The pieces import nothing: what they share with min.js (and the upload piece) is handed to their default export.
    for (const name of PIECES) {
      const piece = read(`dist/chunks/${name}.min.js`);
      assert.deepEqual(specifiers(piece), [], `chunks/${name}.min.js imports nothing`);
      assert.match(piece, /^export default function\(/, `chunks/${name}.min.js is a function of the hand-over`);
    }
    assert.ok(!/\brequire\(/.test(min), 'min.js requires nothing');
    assert.ok(/customElements\.define\(\s*["'`]wistia-uploader["'`]/.test(min), 'min.js defines the element');
  });

  it('ships each language as dist/locales/<lang>.js: a module with no imports, and every message English has', async () => {
    const { englishMessages } = await import('wistia-uploader');
    const languages = readdirSync(join(root, 'src/locales')).map((file) => file.replace(/\.ts$/, ''));
    assert.deepEqual(languages.sort(), ['de', 'es', 'fr', 'ja', 'pt']);
    for (const lang of languages) {
      const file = `dist/locales/${lang}.js`;
      assert.deepEqual(specifiers(read(file)), [], `${file} imports nothing`);
      assert.ok(
        read('dist/wistia-uploader.js').includes(`import("./locales/${lang}.js")`),
        `the ESM entry loads ${file}`,
      );
      const { default: messages } = await import(pathToFileURL(join(root, file)).href);
      assert.deepEqual(Object.keys(messages).sort(), Object.keys(englishMessages).sort(), `${file} has every message`);
    }
  });
});

describe('side effects', () => {
  it('lists exactly the files that define the element', () => {
    const defining = ['dist/wistia-uploader.js', 'dist/wistia-uploader.min.js'];
    assert.deepEqual(
      pkg.sideEffects,
      defining.map((file) => `./${file}`),
    );
    for (const file of [...packedFiles()].filter((path) => path.endsWith('.js'))) {
      const defines = /customElements\.define\(/.test(read(file));
      assert.equal(defines, defining.includes(file), `${file} ${defines ? 'defines' : 'does not define'} the element`);
    }
  });

  it('has the React wrapper import the defining entry itself, so the tag is defined wherever the wrapper is used', () => {
    assert.ok(relativeImports(read('dist/react.js')).includes('./wistia-uploader.js'));
  });
});

describe('npm pack', () => {
  it('publishes what users need: every file the entries load, their types, min.js and its locales, the manifest and the README', () => {
    const files = packedFiles();
    const needed = new Set([
      'package.json',
      'README.md',
      'custom-elements.json',
      'dist/wistia-uploader.min.js',
      ...PIECES.map((name) => `dist/chunks/${name}.min.js`),
    ]);
    for (const file of readdirSync(join(root, 'src/locales')))
      needed.add(`dist/locales/${file.replace(/\.ts$/, '.js')}`);
    for (const [, target] of codeEntries) {
      for (const file of importGraph(target.default.slice(2), fromFile)) needed.add(file);
      for (const file of importGraph(target.types.slice(2), typesFromFile)) needed.add(file);
    }
    const missing = [...needed].filter((file) => !files.has(file));
    assert.deepEqual(missing, [], 'files the entries need but npm would not publish');
  });

  it('publishes nothing else: no sources, tests, demos, build caches or server examples', () => {
    const unwanted = [...packedFiles()].filter(
      (file) =>
        !/^(package\.json|README\.md|LICENSE(\.md)?|custom-elements\.json|bin\/[\w-]+\.mjs)$/.test(file) &&
        !/^dist\/(wistia-uploader(\.min)?\.js|core\.js|react\.js|chunks\/[\w-]+(\.min)?\.js|locales\/[a-z]{2}\.js|server\/(resumable\/)?[\w-]+\.(js|d\.ts)|types\/(?!server\/)[\w/.-]+\.d\.ts)$/.test(
          file,
        ) &&
        !/^dist\/[\w/.-]+\.js\.map$/.test(file),
    );
    assert.deepEqual(unwanted, []);
    for (const file of packedFiles()) {
      assert.doesNotMatch(
        file,
        /(^|\/)(src|test|demo|scripts|bench|coverage|examples)\/|\.tsbuildinfo$|\.test\./,
        file,
      );
    }
  });

  it('ships source maps that stand alone: every map carries the sources it names, and its file is published', () => {
    const maps = [...packedFiles()].filter((file) => file.endsWith('.map'));
    assert.ok(maps.length > 0);
    for (const file of maps) {
      const map = JSON.parse(read(file));
      assert.equal(map.sourcesContent?.length, map.sources.length, `${file} embeds its sources`);
      assert.ok(
        map.sourcesContent.every((text) => typeof text === 'string'),
        `${file} embeds every source`,
      );
      assert.ok(packedFiles().has(file.replace(/\.map$/, '')), `${file} belongs to a published file`);
    }
  });
});

describe('custom-elements.json', () => {
  const manifestPath = pkg.customElements;
  const manifest = JSON.parse(read(manifestPath));
  const element = manifest.modules
    .flatMap((mod) => mod.declarations ?? [])
    .find((declaration) => declaration.tagName === 'wistia-uploader');
  const names = (list) => (list ?? []).map((entry) => entry.name);

  it('is named by package.json, exported, published, and declares <wistia-uploader>', () => {
    assert.equal(manifestPath, 'custom-elements.json');
    assert.equal(pkg.exports['./custom-elements.json'], './custom-elements.json');
    assert.ok(packedFiles().has('custom-elements.json'));
    assert.ok(element, 'a custom element declaration with tagName wistia-uploader');
    assert.equal(element.customElement, true);
  });

  it('lists every documented attribute with its property and a description', () => {
    assert.deepEqual(
      CONTRACT.attributes.filter((name) => !names(element.attributes).includes(name)),
      [],
    );
    for (const attribute of element.attributes) {
      assert.ok(attribute.description, `attribute ${attribute.name} has a description`);
      if (attribute.name !== 'lang') {
        const field = element.members.find((member) => member.name === attribute.fieldName);
        assert.equal(field?.attribute, attribute.name, `attribute ${attribute.name} names its property`);
      }
    }
  });

  it('gives the documented default of every attribute that has one', () => {
    const documented = Object.fromEntries(element.attributes.map((attribute) => [attribute.name, attribute.default]));
    for (const [name, value] of Object.entries(CONTRACT.defaults))
      assert.equal(documented[name], value, `default of ${name}`);
  });

  it('lists the properties without attributes and every public method, each described', () => {
    const publicMembers = element.members.filter(
      (member) => member.privacy !== 'private' && member.privacy !== 'protected',
    );
    for (const name of [...CONTRACT.propertiesOnly, ...CONTRACT.methods]) {
      const member = publicMembers.find((candidate) => candidate.name === name);
      assert.ok(member, `member ${name}`);
      assert.ok(member.description, `member ${name} has a description`);
    }
  });

  it('lists every event of EventName with its event class and detail type, and only those', async () => {
    const { EventName, ...exported } = await import('wistia-uploader');
    assert.deepEqual(names(element.events).sort(), Object.values(EventName).sort());
    assert.deepEqual(names(element.events).sort(), [...CONTRACT.events].sort());
    for (const event of element.events) {
      assert.equal(typeof exported[event.type.text], 'function', `${event.name}: ${event.type.text} is exported`);
      assert.equal(new exported[event.type.text]({}).type, event.name, `${event.type.text} fires ${event.name}`);
      assert.match(event.detail?.text ?? '', /^\w+Detail$/, `${event.name} names its detail type`);
      assert.ok(event.description, `${event.name} is described`);
    }
  });

  it('names the React prop of every event as the wrapper does', async () => {
    const { EventName } = await import('wistia-uploader');
    const expected = Object.entries(EventName).map(([key, name]) => [name, `on${key[0].toUpperCase()}${key.slice(1)}`]);
    assert.deepEqual(element.events.map((event) => [event.name, event.reactName]).sort(), expected.sort());
  });

  it('lists every documented part and custom property, and the default slot', () => {
    assert.deepEqual(
      CONTRACT.parts.filter((name) => !names(element.cssParts).includes(name)),
      [],
    );
    assert.deepEqual(
      CONTRACT.cssProperties.filter((name) => !names(element.cssProperties).includes(name)),
      [],
    );
    for (const property of element.cssProperties) assert.ok(property.default, `${property.name} documents its default`);
    assert.ok(names(element.slots).includes(''), 'the default slot');
  });
});
