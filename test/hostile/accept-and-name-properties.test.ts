import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import { matchesAccept } from '../../src/core/file-rules.js';
import { truncateName } from '../../src/core/wistia-api.js';

const RUNS = { numRuns: 2000 };

// ── accept ──────────────────────────────────────────────────────────────────

const KNOWN_TYPES: Record<string, string> = {
  mp4: 'video/mp4',
  mkv: 'video/mkv',
  mov: 'video/mov',
  mp3: 'audio/mp3',
  wav: 'audio/wav',
};

const VIDEO = new Set(['mp4', 'mkv', 'mov']);
const AUDIO = new Set(['mp3', 'wav']);

/**
 * The reference: `<input accept>` as the HTML standard words it, plus the documented guess of a missing type, and
 * a known media extension counting for its family whatever the type says.
 */
function referenceAccepts(file: { name: string; type: string }, accept: string): boolean {
  const tokens = accept
    .split(',')
    .map((t) => t.trim().toLowerCase())
    .filter((t) => t !== '');
  if (tokens.length === 0) return true;
  const name = file.name.toLowerCase();
  const dot = name.lastIndexOf('.');
  const extension = dot > 0 ? name.slice(dot + 1) : '';
  const type = file.type.split(';')[0].trim().toLowerCase() || (KNOWN_TYPES[extension] ?? '');
  const [major] = type.split('/');
  return tokens.some((token) => {
    if (token === '*' || token === '*/*') return true;
    if (token.startsWith('.')) return dot > 0 && name.endsWith(token);
    if (token === 'video/*' && VIDEO.has(extension)) return true;
    if (token === 'audio/*' && AUDIO.has(extension)) return true;
    if (token.endsWith('/*')) return type !== '' && major === token.slice(0, -2);
    return type === token;
  });
}

const token = fc.constantFrom(
  'video/*',
  'audio/*',
  'image/*',
  'video/mp4',
  'VIDEO/MP4',
  'audio/wav',
  '.mp4',
  '.MKV',
  '.wav',
  '.txt',
  '*/*',
  '',
  ' ',
);
const accept = fc
  .array(token, { maxLength: 4 })
  .chain((tokens) => fc.constantFrom(',', ', ', ' ,').map((sep) => tokens.join(sep)));
const file = fc.record({
  name: fc
    .tuple(
      fc.constantFrom('', 'a', 'My Film', '.hidden', 'x.y'),
      fc.constantFrom('.mp4', '.MP4', '.mkv', '.wav', '.txt', '.mp4.txt', '', '.'),
    )
    .map(([base, ext]) => base + ext),
  type: fc.constantFrom(
    '',
    'video/mp4',
    'VIDEO/MP4',
    'video/mp4; codecs="avc1"',
    'audio/wav',
    'text/plain',
    'image/png',
  ),
});

describe('hostile input: accept matching against a reference model', () => {
  it('agrees with the model for every file and accept list', () => {
    fc.assert(
      fc.property(file, accept, (f, a) => {
        expect(matchesAccept(f, a), `${JSON.stringify(f)} accept="${a}"`).to.equal(referenceAccepts(f, a));
      }),
      RUNS,
    );
  });

  it('does not depend on the order or repetition of the tokens', () => {
    fc.assert(
      fc.property(file, fc.array(token, { minLength: 1, maxLength: 4 }), (f, tokens) => {
        const once = matchesAccept(f, tokens.join(','));
        expect(matchesAccept(f, [...tokens].reverse().join(','))).to.equal(once);
        expect(matchesAccept(f, [...tokens, ...tokens].join(' , '))).to.equal(once);
      }),
      RUNS,
    );
  });
});

// ── names ───────────────────────────────────────────────────────────────────

const isWellFormed = (text: string) =>
  !/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(text);
const codePoints = (text: string) => Array.from(text).length;

const stem = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 400 }),
  fc.string({ unit: 'grapheme-ascii', maxLength: 400 }),
  fc.integer({ min: 0, max: 600 }).map((n) => '🎬'.repeat(n)),
  fc.integer({ min: 0, max: 600 }).map((n) => `\u202e${'ab'.repeat(n)}`),
);
const ext = fc.constantFrom('', '.mp4', '.MOV', '.webm', '.a', '.' + 'x'.repeat(15), '.' + 'x'.repeat(40), '.🎬', '.');
const name = fc.tuple(stem, ext).map(([s, e]) => s + e);

describe('hostile input: name truncation properties', () => {
  it('never exceeds 255 code points, and never splits a surrogate pair', () => {
    fc.assert(
      fc.property(name, (n) => {
        const cut = truncateName(n);
        expect(codePoints(cut)).to.be.at.most(255);
        expect(isWellFormed(cut), JSON.stringify(cut.slice(-3))).to.equal(true);
      }),
      RUNS,
    );
  });

  it('keeps a short extension when it cuts', () => {
    fc.assert(
      fc.property(stem, fc.constantFrom('.mp4', '.MOV', '.webm', '.' + 'x'.repeat(15)), (s, e) => {
        const n = `${s || 'a'}${e}`;
        expect(truncateName(n).endsWith(e), `${codePoints(n)} code points`).to.equal(true);
      }),
      RUNS,
    );
  });

  it('leaves names within the limit alone, and cutting twice changes nothing', () => {
    fc.assert(
      fc.property(name, (n) => {
        const cut = truncateName(n);
        if (codePoints(n) <= 255) expect(cut).to.equal(n);
        expect(truncateName(cut)).to.equal(cut);
      }),
      RUNS,
    );
  });

  it('respects any smaller limit it is given', () => {
    fc.assert(
      fc.property(name, fc.integer({ min: 1, max: 300 }), (n, max) => {
        expect(codePoints(truncateName(n, max)), `max ${max}`).to.be.at.most(max);
      }),
      RUNS,
    );
  });
});
