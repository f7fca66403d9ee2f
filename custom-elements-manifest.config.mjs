// Custom Elements Manifest for <wistia-uploader>: `cem analyze` writes ./custom-elements.json, which package.json
// names under "customElements" and the README's API tables are generated from (scripts/readme-tables.mjs).
import { readdirSync } from 'node:fs';

/** The locale modules shipped beside English, e.g. `de`, `fr`. */
const LOCALES = readdirSync(new URL('./src/locales/', import.meta.url))
  .filter((file) => file.endsWith('.ts'))
  .map((file) => `\`${file.slice(0, -3)}\``);

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
            if (detail === undefined) throw new Error(`Event ${event.name} has no known event class: check its @fires tag.`);
            event.type.references = [{ name: event.type.text, module: 'src/core/events.ts' }];
            event.detail = { text: detail, references: [{ name: detail, module: 'src/core/events.ts' }] };
            event.reactName = reactPropName(event.name);
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
  plugins: [eventDetails(), langAttribute()],
};
