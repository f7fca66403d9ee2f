// Custom Elements Manifest for <wistia-uploader>: `cem analyze` writes ./custom-elements.json, which package.json
// names under "customElements" and the README's API tables are generated from (scripts/readme-tables.mjs).
import { readdirSync } from 'node:fs';
import { build } from 'esbuild';

/** The locale modules shipped beside English, e.g. `de`, `fr`. */
const LOCALES = readdirSync(new URL('./src/locales/', import.meta.url))
  .filter((file) => file.endsWith('.ts'))
  .map((file) => `\`${file.slice(0, -3)}\``);

/**
 * The core's DEFAULT_OPTIONS as values. The element sets its defaults from them in its constructor, where the
 * analyzer sees only `DEFAULT_OPTIONS.uploadUrl`; reading the values here keeps the manifest from drifting.
 */
async function coreDefaults() {
  const bundled = await build({
    entryPoints: [new URL('./src/core/uploader.ts', import.meta.url).pathname],
    bundle: true,
    format: 'esm',
    write: false,
    logLevel: 'silent',
  });
  const source = bundled.outputFiles[0].text;
  const { DEFAULT_OPTIONS } = await import(`data:text/javascript;base64,${Buffer.from(source).toString('base64')}`);
  return DEFAULT_OPTIONS;
}

/** A default as the manifest writes it: source text, strings in single quotes. */
function asSource(value) {
  return typeof value === 'string' ? `'${value}'` : String(value);
}

/** Fills the defaults the analyzer could not read, for properties and their attributes alike. */
function coreDefaultValues(defaults) {
  return {
    name: 'wistia-uploader-core-defaults',
    packageLinkPhase({ customElementsManifest }) {
      for (const mod of customElementsManifest.modules) {
        for (const declaration of mod.declarations ?? []) {
          if (!declaration.customElement) continue;
          const entries = [
            ...(declaration.members ?? []),
            ...(declaration.attributes ?? []).map((a) => ({ ...a, name: a.fieldName, ref: a })),
          ];
          for (const entry of entries) {
            if (entry.name === undefined || !Object.hasOwn(defaults, entry.name)) continue;
            const target = entry.ref ?? entry;
            target.default ??= asSource(defaults[entry.name]);
          }
        }
      }
    },
  };
}

/** `uploadSuccess`-style key of an event name, as the React wrapper names its prop: `onUploadSuccess`. */
function reactPropName(eventName) {
  return `on${eventName.replace(/^wistia-/, '').replace(/(^|-)(\w)/g, (_, __, letter) => letter.toUpperCase())}`;
}

/**
 * Adds what the JSDoc cannot say by itself: the `detail` type of each event (read from `extends UploaderEvent<…>`
 * in src/core/events.ts) and the name of its React prop.
 */
function eventDetails() {
  /** @type {Map<string, string>} event class → detail type */
  const details = new Map();
  return {
    name: 'wistia-uploader-event-details',
    analyzePhase({ ts, node }) {
      if (!ts.isClassDeclaration(node) || !node.name) return;
      for (const clause of node.heritageClauses ?? []) {
        for (const type of clause.types) {
          if (type.expression.getText() === 'UploaderEvent' && type.typeArguments?.length === 1) {
            details.set(node.name.getText(), type.typeArguments[0].getText());
          }
        }
      }
    },
    packageLinkPhase({ customElementsManifest }) {
      for (const mod of customElementsManifest.modules) {
        for (const declaration of mod.declarations ?? []) {
          if (!declaration.customElement) continue;
          for (const event of declaration.events ?? []) {
            const detail = details.get(event.type?.text ?? '');
            if (detail === undefined)
              throw new Error(`Event ${event.name} has no known event class: check its @fires tag.`);
            event.type.references = [{ name: event.type.text, module: 'src/core/events.ts' }];
            event.detail = { text: detail, references: [{ name: detail, module: 'src/core/events.ts' }] };
            event.reactName = reactPropName(event.name);
          }
        }
      }
    },
  };
}

/** The manifest describes the public API: private members would only churn it with every refactor. */
function publicMembersOnly() {
  return {
    name: 'wistia-uploader-public-members',
    packageLinkPhase({ customElementsManifest }) {
      for (const mod of customElementsManifest.modules) {
        for (const declaration of mod.declarations ?? []) {
          if (Array.isArray(declaration.members)) {
            declaration.members = declaration.members.filter(
              (member) =>
                member.privacy !== 'private' && member.privacy !== 'protected' && !member.name.startsWith('#'),
            );
          }
        }
      }
    },
  };
}

/** `lang` is observed through `observedAttributes`, where no JSDoc reaches; describe it unless the class does. */
function langAttribute() {
  return {
    name: 'wistia-uploader-lang-attribute',
    packageLinkPhase({ customElementsManifest }) {
      for (const mod of customElementsManifest.modules) {
        for (const declaration of mod.declarations ?? []) {
          const lang = declaration.attributes?.find((attribute) => attribute.name === 'lang');
          if (lang && !lang.description) {
            lang.type ??= { text: 'string' };
            lang.description =
              'UI language: the `lang` of the element, else of the nearest ancestor or the document. ' +
              `Built in: English; ${LOCALES.join(', ')} load on demand.`;
          }
        }
      }
    },
  };
}

export default {
  globs: ['src/wistia-uploader.ts', 'src/element/wistia-uploader-element.ts', 'src/core/events.ts'],
  outdir: '.',
  litelement: true,
  // package.json names the manifest itself; the analyzer must not rewrite that file.
  packagejson: false,
  plugins: [eventDetails(), langAttribute(), coreDefaultValues(await coreDefaults()), publicMembersOnly()],
};
