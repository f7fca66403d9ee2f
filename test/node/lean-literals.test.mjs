// The build's trimming of Lit templates (scripts/lean-literals.mjs): what it changes, what it must leave alone, and
// that its source map still points at the original code.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeMappings } from '../../bench/sizes.mjs';
import { trimLiterals } from '../../scripts/lean-literals.mjs';

const trim = async (code) => (await trimLiterals(code, 'x.ts'))?.code ?? code;

describe('template trimming at build time', () => {
  it('collapses line-breaking whitespace in html templates to one space, between tags and attributes', async () => {
    const code =
      'const t = (m: string) => html`\n  <div class="a">\n    <b>${m}</b>\n    <input\n      id="x"\n      ?disabled=${m}\n    />\n  </div>\n`;';
    assert.equal(
      await trim(code),
      'const t = (m: string) => html` <div class="a"> <b>${m}</b> <input id="x" ?disabled=${m} /> </div> `;',
    );
  });

  it('keeps spaces without a line break, quoted attribute values, and templates with raw text or comments', async () => {
    const kept = [
      'html`<p>a  b</p>`',
      'html`<p title="one\n   two" class="${x}\n  y">z</p>`',
      'html`<pre>\n  keep\n</pre>`',
      'html`<textarea>\n  keep</textarea>`',
      'html`<!-- note -->\n  <p></p>`',
      'other`\n  <p></p>`',
    ];
    for (const code of kept) assert.equal(await trim(code), code);
    assert.equal(
      await trim('html`<p title="a\n b">\n  x\n</p>`'),
      'html`<p title="a\n b"> x </p>`',
      'the quoted value kept, the text collapsed',
    );
  });

  it('minifies css templates and keeps light-dark() and color-mix() as they are', async () => {
    const code =
      'const s = css`\n  :host {\n    color: light-dark(#111111, #eeeeee);\n    background: color-mix(in srgb, red 10%, blue);\n  }\n  p { margin: 0px; }\n`;';
    const out = await trim(code);
    assert.equal(
      out,
      'const s = css`:host{color:light-dark(#111111,#eeeeee);background:color-mix(in srgb,red 10%,blue)}p{margin:0}`;',
    );
  });

  it('drops the spaces esbuild keeps in custom property values and at-rule conditions, not combinators', async () => {
    const code =
      'css`:host { --a: var(--b, light-dark(#111, #eee)); --r: calc(var(--a) * .5); } @container (max-width: 9rem) { :host([x]) * .y { color: red; } }`';
    assert.equal(
      await trim(code),
      'css`:host{--a:var(--b,light-dark(#111,#eee));--r:calc(var(--a)*.5)}@container (max-width:9rem){:host([x]) * .y{color:red}}`',
    );
    const quoted = "css`p::after { --s: 'a, b'; content: var(--s); }`";
    assert.match(await trim(quoted), /"a, b"/, 'a sheet with strings keeps its spaces');
  });

  it('leaves css templates with interpolations or escapes alone', async () => {
    for (const code of ['css`p { color: ${x}; }`', "css`p::before { content: '\\2014'; }`"]) {
      assert.equal(await trim(code), code);
    }
  });

  it('maps the code after a trimmed template back to its own line and column', async () => {
    const code = 'const a = html`\n  <p>\n    x\n  </p>\n`;\nconst later = 1;\n  callMe(later);\n';
    const result = await trimLiterals(code, 'x.ts');
    const mappings = decodeMappings(result.map.mappings);
    const lines = result.code.split('\n');
    for (const token of ['later', 'callMe']) {
      const line = lines.findIndex((l) => l.includes(token));
      const column = lines[line].indexOf(token);
      const [start, , sourceLine, sourceColumn] = mappings[line].filter(([c]) => c <= column).at(-1);
      const at = sourceColumn + column - start;
      assert.equal(code.split('\n')[sourceLine].slice(at, at + token.length), token, token);
    }
  });
});
