// The README a user works from: its API tables are what custom-elements.json says (regenerated here, so they
// cannot drift), its links lead somewhere, and its set-up section still has exactly the two commands.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { END, START, expectedReadme, findElement, renderApiTables } from '../../scripts/readme-tables.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const manifest = JSON.parse(readFileSync(join(root, 'custom-elements.json'), 'utf8'));

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
function anchors(markdown) {
  const withoutCode = markdown.replace(/```[\s\S]*?```/g, '');
  return new Set(
    [...withoutCode.matchAll(/^#{1,6}\s+(.+)$/gm)].map((match) =>
      match[1]
        .trim()
        .toLowerCase()
        .replace(/[^\p{L}\p{N}\s_-]/gu, '')
        .replace(/\s/g, '-'),
    ),
  );
}

describe('README', () => {
  it('has API tables equal to those generated from custom-elements.json (npm run docs:readme rewrites them)', () => {
    const { current, expected } = expectedReadme(new URL('../../', import.meta.url));
    if (current === expected) return;
    const have = current.split('\n');
    const want = expected.split('\n');
    const line = want.findIndex((text, index) => have[index] !== text);
    assert.fail(
      `README.md API tables are out of date; run npm run docs:readme after npm run build.\n` +
        `First difference at line ${line + 1}:\n  README:    ${have[line]}\n  generated: ${want[line]}`,
    );
  });

  it('generates a row for every attribute, public member, event, part, custom property and slot', () => {
    const tables = renderApiTables(manifest);
    const element = findElement(manifest);
    const names = [
      ...element.attributes.map((attribute) => attribute.name),
      ...element.events.map((event) => event.name),
      ...element.cssParts.map((part) => part.name),
      ...element.cssProperties.map((property) => property.name),
      ...[
        'getToken',
        'beforeUpload',
        'messages',
        'items',
        'addFiles',
        'importUrl',
        'importS3',
        'start',
        'cancel',
        'retry',
        'remove',
        'clear',
        'openFilePicker',
      ],
    ];
    for (const name of names) assert.ok(tables.includes(`\`${name}`), `a row for ${name}`);
    assert.ok(readme.indexOf(START) < readme.indexOf(END), 'the generated block has its markers');
  });

  it('links only to files and headings that exist', () => {
    const prose = readme.replace(/```[\s\S]*?```/g, '');
    const ownAnchors = anchors(readme);
    const broken = [];
    for (const [, target] of prose.matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^[a-z]+:/i.test(target)) continue;
      const [path, hash] = target.split('#');
      if (path === '') {
        if (!ownAnchors.has(hash)) broken.push(target);
        continue;
      }
      const file = join(root, path);
      if (!existsSync(file)) {
        broken.push(target);
      } else if (hash !== undefined && !anchors(readFileSync(file, 'utf8')).has(hash)) {
        broken.push(target);
      }
    }
    assert.deepEqual(broken, []);
  });

  it('keeps exactly two set-up commands: npm install && npm start, and npm test', () => {
    const section = readme.split(/^## /m).find((part) => part.startsWith('Set up\n'));
    assert.ok(section, 'a "Set up" section');
    const table = section.split('\n\n').find((block) => block.startsWith('| what | command |'));
    const commands = [...(table ?? '').matchAll(/^\|[^|]+\|\s*`([^`]+)`\s*\|$/gm)].map((match) => match[1]);
    assert.deepEqual(commands, ['npm install && npm start', 'npm test']);
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    for (const script of ['start', 'test']) assert.ok(pkg.scripts[script], `npm ${script} exists`);
  });
});
