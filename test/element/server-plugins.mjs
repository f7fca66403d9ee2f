// Test-runner additions for the element tests: screenshots of the page and pages served under a strict CSP.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, extname, join, resolve } from 'node:path';
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

/** Writes `tree` (name → text, or name → sub-tree) as real files and folders under `dir`. */
async function writeTree(dir, tree) {
  await mkdir(dir, { recursive: true });
  for (const [name, content] of Object.entries(tree)) {
    const path = resolve(dir, name);
    if (typeof content === 'string') await writeFile(path, content);
    else await writeTree(path, content);
  }
}

/**
 * `executeServerCommand('drop-folder', { name, tree, x, y })` writes a real folder and drops it at page
 * coordinates through Chromium's own drag input (DevTools `Input.dispatchDragEvent`), as a file manager would.
 * Returns false where the browser offers no such input (Firefox, WebKit).
 */
export function dropFolderPlugin() {
  return {
    name: 'element-drop-folder',
    async executeCommand({ command, payload, session }) {
      if (command !== 'drop-folder') return undefined;
      if (session.browser.type !== 'playwright') return false;
      const page = session.browser.getPage(session.id);
      if (page.context().browser()?.browserType().name() !== 'chromium') return false;
      const base = await mkdtemp(join(tmpdir(), 'wistia-uploader-drop-'));
      // The page reads the files in the walk after the drop: they are removed when the runner stops.
      dropped.push(base);
      const folder = resolve(base, payload.name);
      await writeTree(folder, payload.tree);
      const cdp = await page.context().newCDPSession(page);
      const data = { items: [], files: [folder], dragOperationsMask: 1 };
      for (const type of ['dragEnter', 'dragOver', 'drop'])
        await cdp.send('Input.dispatchDragEvent', { type, x: payload.x, y: payload.y, data });
      await cdp.detach();
      return true;
    },
    async serverStop() {
      await Promise.all(dropped.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
    },
  };
}

const dropped = [];
