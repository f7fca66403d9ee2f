import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { standin } from '../helpers/standin.js';

interface LockedPageReport {
  tokens: string[];
  violations: unknown[];
  console: string[];
  pageConsole: string[];
  events: { type: string; detail: string }[];
  attributes: string[];
  texts: string[];
  performance: { name: string; type: string }[];
  location: string;
  requests: { url: string; headers: Record<string, string>; body: string; authorization: string | null }[];
}

describe('a page locked down by CSP and Trusted Types (served as a header), with the built min.js', () => {
  let report: LockedPageReport;

  before(async function () {
    this.timeout(60_000);
    await standin.reset();
    await standin.config({ processingMs: { queued: 50, processing: 50 } });
    // A 401 makes the element fetch a second token: both must stay out of sight. The slow read keeps the
    // upload on screen long enough for its progress bar to render, as on any real network.
    await standin.script('upload', [{ status: 401 }, { slowReadMs: 5 }]);
    report = (await executeServerCommand('locked-page-upload', {
      page: '/locked/upload.html',
      fileName: 'locked-down.mp4',
      link: 'https://videos.example.com/talk.mp4',
    })) as LockedPageReport;
  });

  it('uploads a file and imports a link through the element', () => {
    const types = report.events.map((e) => e.type);
    expect(types.filter((t) => t === 'wistia-upload-success')).to.have.length(2);
    expect(types.filter((t) => t === 'wistia-media-ready')).to.have.length(2);
    expect(types).not.to.include('wistia-upload-error');
  });

  it('reports no policy violation and no error', () => {
    expect(report.violations).to.deep.equal([]);
    expect(report.pageConsole.filter((m) => /refused|violat|trusted|error/i.test(m))).to.deep.equal([]);
  });

  it('sends the tokens only in the Authorization header of requests to Wistia', () => {
    expect(report.tokens).to.have.length(2);
    for (const token of report.tokens) expect(token).to.match(/^[0-9a-f]{64}$/);
    const authorised = report.requests.filter((r) => r.authorization !== null);
    expect(authorised.length).to.be.greaterThan(2);
    for (const r of authorised) {
      expect(new URL(r.url).pathname).to.match(/^\/wistia\/(upload|api)\//);
      expect(report.tokens.map((t) => `Bearer ${t}`)).to.include(r.authorization);
    }
  });

  it('never shows a token in a URL, attribute, event detail, DOM text, console message or performance entry', () => {
    const places: Record<string, unknown> = {
      'request URLs, other headers and bodies': report.requests.map(({ authorization: _, ...rest }) => rest),
      attributes: report.attributes,
      'event details': report.events,
      'DOM text, shadow roots included': report.texts,
      'console messages': [...report.console, ...report.pageConsole],
      'performance entries': report.performance,
      'page address': report.location,
    };
    expect(report.texts.join('')).to.contain('locked-down.mp4');
    for (const [place, content] of Object.entries(places)) {
      const text = JSON.stringify(content);
      for (const token of report.tokens) expect(text.includes(token), `token found in ${place}`).to.equal(false);
    }
  });
});
