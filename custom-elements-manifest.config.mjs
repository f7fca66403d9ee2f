// Custom Elements Manifest for <wistia-uploader>: `cem analyze` writes ./custom-elements.json, which package.json
// names under "customElements" and the README's API tables are generated from (scripts/readme-tables.mjs).
import { readdirSync, readFileSync } from 'node:fs';
import { build } from 'esbuild';

/** The locale modules shipped beside English, e.g. `de`, `fr`. */
const LOCALES = readdirSync(new URL('./src/locales/', import.meta.url))
  .filter((file) => file.endsWith('.ts'))
  .map((file) => `\`${file.slice(0, -3)}\``);

/** src/element/options.ts as values: attribute, initial value and Lit's read of each option. */
async function optionValues() {
  const bundled = await build({
    entryPoints: [new URL('./src/element/options.ts', import.meta.url).pathname],
    bundle: true,
    format: 'esm',
    write: false,
    logLevel: 'silent',
  });
  const source = bundled.outputFiles[0].text;
  const { OPTIONS } = await import(`data:text/javascript;base64,${Buffer.from(source).toString('base64')}`);
  return OPTIONS;
}

/** A default as the manifest writes it: source text, strings in single quotes. */
function asSource(value) {
  return typeof value === 'string' ? `'${value}'` : String(value);
}

/**
 * The element's options come from one table (src/element/options.ts), which the analyzer cannot read through
 * `static properties = properties`: each option's property and attribute are written here from the table's
 * values, its JSDoc and the type written beside its builder (`text<RequestCredentials>(…)`).
 */
function optionsTable(values) {
  let ts;
  /** name → { description, typeText } read from the source of the table. */
  function readTable() {
    const path = new URL('./src/element/options.ts', import.meta.url).pathname;
    const file = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true);
    const found = new Map();
    const visit = (node) => {
      if (ts.isVariableDeclaration(node) && node.name.getText() === 'OPTIONS') {
        for (const entry of node.initializer.properties) {
          const call = entry.initializer;
          const builder = call.expression.getText();
          const argument = call.typeArguments?.[0];
          const written =
            argument && (ts.isFunctionTypeNode(argument) ? `(${argument.getText()})` : argument.getText());
          const base =
            written ?? { number: 'number', flag: 'boolean', text: 'string', url: 'string' }[builder] ?? 'unknown';
          const optional = values[entry.name.getText()].initial === undefined;
          found.set(entry.name.getText(), {
            description: ts
              .getJSDocCommentsAndTags(entry)
              .map((doc) => ts.getTextOfJSDocComment(doc.comment))
              .join(' '),
            typeText: optional ? `${base} | undefined` : base,
          });
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(file);
    return found;
  }
  return {
    name: 'wistia-uploader-options-table',
    initialize({ ts: typescript }) {
      ts = typescript;
    },
    packageLinkPhase({ customElementsManifest }) {
      const table = readTable();
      for (const mod of customElementsManifest.modules) {
        for (const declaration of mod.declarations ?? []) {
          if (!declaration.customElement) continue;
          declaration.members ??= [];
          declaration.attributes ??= [];
          for (const [name, { description, typeText }] of table) {
            const option = values[name];
            if (!description) throw new Error(`Option ${name} has no JSDoc in src/element/options.ts.`);
            const type = { text: typeText };
            const initial = option.initial === undefined ? {} : { default: asSource(option.initial) };
            const attribute = option.attribute === false ? {} : { attribute: option.attribute };
            declaration.members.push({
              kind: 'field',
              name,
              privacy: 'public',
              type,
              description,
              ...initial,
              ...attribute,
              ...(option.reflect ? { reflects: true } : {}),
            });
            if (option.attribute !== false) {
              declaration.attributes.push({ name: option.attribute, type, description, ...initial, fieldName: name });
            }
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
  globs: [
    'src/wistia-uploader.ts',
    'src/script-tag.ts',
    'src/element/define-element.ts',
    'src/element/wistia-uploader-element.ts',
    'src/element/form-associated.ts',
    'src/core/events.ts',
  ],
  outdir: '.',
  litelement: true,
  // package.json names the manifest itself; the analyzer must not rewrite that file.
  packagejson: false,
  plugins: [eventDetails(), langAttribute(), optionsTable(await optionValues()), publicMembersOnly()],
};
