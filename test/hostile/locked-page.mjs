// A test-runner plugin for the locked-down page test: serves /locked/<page> with a strict CSP header, and lets the
// test drive that page as a top-level tab through Playwright, so the policy, the console and the network are real.
import { readFile } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

/** Nothing inline, nothing from elsewhere, and DOM sinks only through Trusted Types. */
export const LOCKED_CSP = "default-src 'self'; script-src 'self'; style-src 'self'; require-trusted-types-for 'script'";

export function lockedPages() {
  return {
    name: 'locked-pages',
    async serve(context) {
      if (!context.path.startsWith('/locked/') || !context.path.endsWith('.html')) return undefined;
      const body = await readFile(resolve(here, 'locked', basename(context.path)), 'utf8');
      return { body, type: 'html', headers: { 'Content-Security-Policy': LOCKED_CSP, 'Cache-Control': 'no-store' } };
    },
    async executeCommand({ command, payload, session }) {
      if (command !== 'locked-page-upload') return undefined;
      const testPage = session.browser.getPage(session.id);
      return uploadOnLockedPage(testPage.context(), new URL(testPage.url()).origin, payload);
    },
  };
}

/**
 * Opens the locked page in a new tab, uploads a file through the element's file input and imports a link through
 * its URL field, waits for the queue to finish, and returns everything the page exposed for the test to search.
 */
async function uploadOnLockedPage(context, origin, { page: path, fileName, link }) {
  const page = await context.newPage();
  const tokens = [];
  const consoleMessages = [];
  const requests = [];
  page.on('console', (message) => consoleMessages.push(message.text()));
  page.on('pageerror', (error) => consoleMessages.push(`pageerror: ${error.message}`));
  page.on('request', (request) => {
    const { authorization, ...headers } = request.headers();
    requests.push({
      url: request.url(),
      headers,
      body: request.postData() ?? '',
      authorization: authorization ?? null,
    });
  });
  page.on('response', async (response) => {
    if (!new URL(response.url()).pathname.startsWith('/wistia/token')) return;
    const body = await response.json().catch(() => ({}));
    if (body.token) tokens.push(body.token);
  });
  try {
    await page.goto(`${origin}${path}`);
    const complete = page.evaluate(
      () =>
        new Promise((done) =>
          document.addEventListener('wistia-queue-complete', () => done(undefined), { once: true }),
        ),
    );
    await page.setInputFiles('wistia-uploader input[type=file]', {
      name: fileName,
      mimeType: 'video/mp4',
      buffer: Buffer.alloc(4 * 1024 * 1024, 7),
    });
    await page.fill('wistia-uploader [part~="url-input"]', link);
    await page.press('wistia-uploader [part~="url-input"]', 'Enter');
    await complete;
    // wait-for-ready polls the media with the token: let it report before looking.
    await page.waitForFunction(
      () => window.__seen.events.filter((e) => e.type === 'wistia-media-ready').length >= 2,
      null,
      {
        timeout: 15_000,
      },
    );
    const seen = await page.evaluate(() => {
      const attributes = [];
      const texts = [];
      const walk = (root) => {
        for (const el of root.querySelectorAll('*')) {
          for (const attr of el.attributes) attributes.push(`${attr.name}=${attr.value}`);
          if (el.shadowRoot) {
            texts.push(el.shadowRoot.textContent ?? '');
            walk(el.shadowRoot);
          }
        }
      };
      walk(document);
      texts.push(document.documentElement.outerHTML);
      return {
        ...window.__seen,
        attributes,
        texts,
        performance: performance.getEntries().map((e) => ({ name: e.name, type: e.entryType })),
        location: location.href,
      };
    });
    return { ...seen, tokens, pageConsole: consoleMessages, requests };
  } finally {
    await page.close();
  }
}
