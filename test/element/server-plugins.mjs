// Test-runner additions for the element tests: screenshots of the page and pages served under a strict CSP.
import { mkdir, readFile } from 'node:fs/promises';
import { basename, dirname, extname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');

/** The policy of the strict-CSP end-to-end test: nothing inline, nothing from elsewhere. */
export const STRICT_CSP = "default-src 'self'; script-src 'self'; style-src 'self'";

/** `/csp/<file>` serves `test/element/csp/<file>` with a strict Content-Security-Policy header. */
export function cspPages() {
  const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8' };
  return async (ctx, next) => {
    if (!ctx.path.startsWith('/csp/')) return next();
    const file = basename(ctx.path);
    const type = types[extname(file)];
    if (!type) return next();
    ctx.set('Content-Security-Policy', STRICT_CSP);
    ctx.set('Cache-Control', 'no-store');
    ctx.type = type;
    ctx.body = await readFile(resolve(here, 'csp', file));
  };
}

/** `executeServerCommand('save-screenshot', { name, selector? })` writes `test-results/screenshots/<name>.png`. */
export function screenshotPlugin() {
  return {
    name: 'element-screenshots',
    async executeCommand({ command, payload, session }) {
      if (command !== 'save-screenshot') return undefined;
      const page = session.browser.getPage(session.id);
      const name = String(payload?.name ?? 'screenshot').replace(/[^a-z0-9_-]/gi, '_');
      const path = resolve(root, 'test-results/screenshots', `${name}.png`);
      await mkdir(dirname(path), { recursive: true });
      const options = { path, animations: 'disabled', caret: 'hide' };
      if (payload?.selector) await page.locator(payload.selector).first().screenshot(options);
      else await page.screenshot(options);
      return true;
    },
  };
}
