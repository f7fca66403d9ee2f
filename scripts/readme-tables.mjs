// The README's API reference, generated from custom-elements.json so the two cannot drift apart.
// `node scripts/readme-tables.mjs --write` (npm run docs:readme) rewrites the block between the markers;
// without --write it exits 1 when README.md differs from what it would write. test/node/packaging-readme.test.mjs
// runs the same comparison in npm test.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const START = '<!-- api-tables:start (generated from custom-elements.json by scripts/readme-tables.mjs) -->';
export const END = '<!-- api-tables:end -->';

/** Members that exist for the browser (form callbacks) or for every element (focus), not for users to call. */
const NOT_USER_API = new Set(['formResetCallback', 'formDisabledCallback', 'focus']);

/** One table cell: a single line, pipes escaped as GitHub's tables need, even inside code spans. */
function cell(text) {
  return String(text ?? '')
    .replace(/\s*\n\s*/g, ' ')
    .replace(/\|/g, '\\|')
    .trim();
}

const code = (text) => (text === undefined || text === '' ? '' : `\`${cell(text)}\``);

function table(head, rows) {
  if (rows.length === 0) return '';
  return [
    `| ${head.join(' | ')} |`,
    `| ${head.map(() => '---').join(' | ')} |`,
    ...rows.map((row) => `| ${row.join(' | ')} |`),
  ].join('\n');
}

/** The `<wistia-uploader>` declaration of a manifest. */
export function findElement(manifest, tagName = 'wistia-uploader') {
  const element = manifest.modules
    .flatMap((mod) => mod.declarations ?? [])
    .find((declaration) => declaration.tagName === tagName);
  if (!element) throw new Error(`custom-elements.json declares no <${tagName}>.`);
  return element;
}

function signature(method) {
  const params = (method.parameters ?? []).map(
    (p) => `${p.name}${p.optional ? '?' : ''}: ${p.type?.text ?? 'unknown'}`,
  );
  return `${method.name}(${params.join(', ')}): ${method.return?.type?.text ?? 'void'}`;
}

/** Markdown for every table, in README order. */
export function renderApiTables(manifest) {
  const element = findElement(manifest);
  const members = (element.members ?? []).filter(
    (member) =>
      !member.static &&
      member.privacy !== 'private' &&
      member.privacy !== 'protected' &&
      !NOT_USER_API.has(member.name),
  );
  const fields = members.filter((member) => member.kind === 'field');
  const methods = members.filter((member) => member.kind === 'method');
  const byField = new Map(fields.map((field) => [field.name, field]));

  const attributes = table(
    ['attribute', 'property', 'type', 'default', 'description'],
    (element.attributes ?? []).map((attribute) => {
      const field = attribute.fieldName ? byField.get(attribute.fieldName) : undefined;
      return [
        code(attribute.name),
        field ? code(field.name) : '—',
        code(attribute.type?.text ?? field?.type?.text),
        code(attribute.default ?? field?.default),
        cell(attribute.description ?? field?.description),
      ];
    }),
  );
  const propertiesOnly = table(
    ['property', 'type', 'description'],
    fields
      .filter((field) => !field.attribute)
      .map((field) => [
        code(field.name),
        code(field.type?.text),
        cell(`${field.readonly ? 'Read-only. ' : ''}${field.description ?? ''}`),
      ]),
  );
  const methodTable = table(
    ['method', 'description'],
    methods.map((method) => [code(signature(method)), cell(method.description)]),
  );
  const events = table(
    ['event', 'React prop', 'event class', '`detail` type', 'description'],
    (element.events ?? []).map((event) => [
      code(event.name),
      code(event.reactName),
      code(event.type?.text),
      code(event.detail?.text),
      cell(event.description),
    ]),
  );
  const parts = table(
    ['part', 'description'],
    (element.cssParts ?? []).map((part) => [code(part.name), cell(part.description)]),
  );
  const cssProperties = table(
    ['custom property', 'default', 'description'],
    (element.cssProperties ?? []).map((property) => [
      code(property.name),
      code(property.default),
      cell(property.description),
    ]),
  );
  const slots = table(
    ['slot', 'description'],
    (element.slots ?? []).map((slot) => [slot.name === '' ? '(default)' : code(slot.name), cell(slot.description)]),
  );

  const sections = [
    ['Attributes and properties', attributes],
    ['Properties without an attribute', propertiesOnly],
    ['Methods', methodTable],
    ['Events', events],
    ['Parts', parts],
    ['CSS custom properties', cssProperties],
    ['Slots', slots],
  ];
  return sections
    .filter(([, body]) => body !== '')
    .map(([title, body]) => `### ${title}\n\n${body}`)
    .join('\n\n');
}

/** README text with the generated block replaced; throws when the markers are missing. */
export function withApiTables(readme, tables) {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start === -1 || end === -1 || end < start) throw new Error(`README.md needs the markers\n${START}\n${END}`);
  return `${readme.slice(0, start + START.length)}\n\n${tables}\n\n${readme.slice(end)}`;
}

/** What README.md should contain, given the repository's files. */
export function expectedReadme(root = new URL('../', import.meta.url)) {
  const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8'));
  const manifest = JSON.parse(readFileSync(new URL(pkg.customElements, root), 'utf8'));
  const readme = readFileSync(new URL('README.md', root), 'utf8');
  return { current: readme, expected: withApiTables(readme, renderApiTables(manifest)) };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { current, expected } = expectedReadme();
  if (process.argv.includes('--write')) {
    if (current !== expected) writeFileSync(fileURLToPath(new URL('../README.md', import.meta.url)), expected);
    console.log(current === expected ? 'README.md is up to date.' : 'README.md: API tables rewritten.');
  } else if (current !== expected) {
    console.error('README.md API tables are out of date: run npm run docs:readme (after npm run build).');
    process.exit(1);
  }
}
