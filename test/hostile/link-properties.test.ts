import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import { MEDIA_EXTENSIONS } from '../../src/core/file-rules.js';
import { normaliseLink, validS3, type NormalisedLink } from '../../src/core/link-rules.js';

const RUNS = { numRuns: 2000 };

const scheme = fc.constantFrom(
  'http',
  'https',
  'HTTPS',
  'hTTp',
  'javascript',
  'data',
  'file',
  'ftp',
  'blob',
  'ws',
  'S3',
);
const host = fc.oneof(
  fc.domain(),
  fc.constantFrom(
    'bücher.example',
    'xn--bcher-kva.example',
    '例え.テスト',
    '127.0.0.1',
    '[::1]',
    'www.dropbox.com',
    'dropbox.com',
    'DROPBOX.COM',
  ),
);
const segment = fc.oneof(
  fc.stringMatching(/^[A-Za-z0-9._~-]{0,12}$/),
  fc.string({ maxLength: 8, unit: 'grapheme' }),
  fc.constantFrom('s', 'scl', 'fi', '%2F', '%2E', '..', '.', '%00', 'a%20b', '%E0%A4%A', '%'),
);
const extension = fc.constantFrom('.mp4', '.MOV', '.mkv', '.m4a', '.txt', '.html', '', '.', '.mp4.exe', '.mp4/');
const query = fc.oneof(
  fc.constant(''),
  fc.constantFrom('?dl=0', '?dl=1', '?raw=1', '?rlkey=k&dl=1', '?dl=0&dl=1&x=%26', '?a=b#frag', '#only-fragment'),
  fc.webQueryParameters().map((q) => `?${q}`),
  fc.integer({ min: 1, max: 20 }).map((n) => `?sig=${'x'.repeat(n * 1000)}`),
);
const credentials = fc.constantFrom('', '', '', 'user@', 'user:pw@', ':pw@', '%40@');
const space = fc.constantFrom('', ' ', '\t', '\n', '\u00a0', '\u2028', '\ufeff');

/** Links a person might paste, or an attacker might type: many schemes, hosts, paths, queries and paddings. */
const link = fc.oneof(
  fc
    .tuple(space, scheme, credentials, host, fc.array(segment, { maxLength: 5 }), extension, query, space)
    .map(([lead, s, cred, h, path, ext, q, trail]) => `${lead}${s}://${cred}${h}/${path.join('/')}${ext}${q}${trail}`),
  fc.webUrl({ withQueryParameters: true, withFragments: true }).map((url) => `${url}.mp4`),
  fc.string({ unit: 'binary', maxLength: 80 }),
  fc.constantFrom(
    'javascript:alert(1)//.mp4',
    'data:video/mp4;base64,AAAA.mp4',
    'file:///etc/passwd.mp4',
    'https://a.test/x.mp4%00',
  ),
);

function mediaExtensionOf(pathname: string): string | undefined {
  const match = /\.([a-z0-9]+)$/i.exec(pathname);
  return match && MEDIA_EXTENSIONS.includes(match[1].toLowerCase()) ? match[1] : undefined;
}

function expectWellFormed(result: NormalisedLink, input: string): void {
  if (result.kind === 'invalid') {
    expect(['invalid_url', 'insecure_url'], input).to.include(result.error.code);
    expect(result.error.message.length, input).to.be.greaterThan(10);
    expect(result.error.retryable).to.equal(false);
    return;
  }
  expect(Array.from(result.name).length, input).to.be.at.most(255);
  if (result.kind === 's3') {
    expect(result.sourceFile.startsWith('/'), input).to.equal(false);
    expect(result.sourceFile, input).not.to.equal('');
    return;
  }
  const url = new URL(result.url);
  expect(['http:', 'https:'], input).to.include(url.protocol);
  expect(url.username + url.password, input).to.equal('');
  expect(mediaExtensionOf(url.pathname), `${input} → ${result.url}`).to.be.a('string');
}

describe('hostile links: normaliseLink properties', () => {
  it('never throws, and every accepted link is http(s), without credentials, ending in a media extension', () => {
    fc.assert(
      fc.property(link, (input) => expectWellFormed(normaliseLink(input), input)),
      RUNS,
    );
  });

  it('is idempotent: normalising its own result changes nothing (Dropbox rewrite included)', () => {
    fc.assert(
      fc.property(link, (input) => {
        const first = normaliseLink(input);
        if (first.kind !== 'url') return;
        expect(normaliseLink(first.url), input).to.deep.equal(first);
      }),
      RUNS,
    );
  });

  it('rewrites every Dropbox share link to dl.dropbox.com without dl/raw, keeping the other parameters in order', () => {
    const params = fc.array(
      fc.tuple(fc.constantFrom('dl', 'raw', 'rlkey', 'st', 'x'), fc.stringMatching(/^[a-z0-9]{0,6}$/)),
      { maxLength: 5 },
    );
    const share = fc.tuple(
      fc.constantFrom('/s/abc', '/scl/fi/xyz'),
      fc.constantFrom('clip.mp4', 'My%20Talk.mov'),
      params,
    );
    fc.assert(
      fc.property(share, ([prefix, file, pairs]) => {
        const query = new URLSearchParams(pairs).toString();
        const result = normaliseLink(`https://www.dropbox.com${prefix}/${file}${query ? `?${query}` : ''}`);
        if (result.kind !== 'url') throw new Error(`refused a Dropbox share link: ${JSON.stringify(result)}`);
        const url = new URL(result.url);
        expect(url.hostname).to.equal('dl.dropbox.com');
        expect([...url.searchParams]).to.deep.equal(pairs.filter(([k]) => k !== 'dl' && k !== 'raw'));
      }),
      RUNS,
    );
  });

  it('never gives an S3 key a leading slash, however the link or key is written', () => {
    const key = fc.tuple(
      fc.stringMatching(/^[/ ]{0,4}$/),
      fc.string({ maxLength: 30 }),
      fc.constantFrom('.mp4', '', '/'),
    );
    const bucket = fc.oneof(fc.constantFrom('my-bucket', 'a.b-c', 'Bad_Bucket', 'x', ''), fc.string({ maxLength: 70 }));
    fc.assert(
      fc.property(bucket, key, (b, [lead, body, ext]) => {
        const k = `${lead}${body}${ext}`;
        expectWellFormed(validS3(b, k), `${b} ${k}`);
        expectWellFormed(normaliseLink(`s3://${b}/${k}`), `s3://${b}/${k}`);
      }),
      RUNS,
    );
  });
});
