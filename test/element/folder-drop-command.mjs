// Test-runner command for the folder tests: a real folder on disk, dropped through Chromium's own drag input.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** Writes `tree` (name → text, or name → sub-tree) as real files and folders under `dir`. */
async function writeTree(dir, tree) {
  await mkdir(dir, { recursive: true });
  for (const [name, content] of Object.entries(tree)) {
    const path = resolve(dir, name);
    if (typeof content === 'string') await writeFile(path, content);
    else await writeTree(path, content);
  }
}

/** A DevTools session on the test's page, or none where the browser has no CDP (Firefox, WebKit). */
async function devtoolsOf(session) {
  const page = session.browser.getPage?.(session.id);
  try {
    if (session.browser.type === 'playwright') {
      if (page.context().browser()?.browserType().name() !== 'chromium') return undefined;
      return await page.context().newCDPSession(page);
    }
    if (session.browser.type === 'puppeteer' && /chrom/i.test(await page.browser().version())) {
      return await page.createCDPSession();
    }
  } catch {
    // No DevTools protocol in this browser.
  }
  return undefined;
}

const written = [];

/**
 * `executeServerCommand('drop-folder', { name, tree, x, y })` writes a real folder and drops it at page coordinates
 * through DevTools `Input.dispatchDragEvent`, as a file manager would. Returns false where no browser input can drop
 * a folder (Firefox, WebKit).
 */
export function folderDropCommand() {
  return {
    name: 'element-drop-folder',
    async executeCommand({ command, payload, session }) {
      if (command !== 'drop-folder') return undefined;
      const cdp = await devtoolsOf(session);
      if (!cdp) return false;
      const base = await mkdtemp(join(tmpdir(), 'wistia-uploader-drop-'));
      // The page reads the files in the walk after the drop: they are removed when the runner stops.
      written.push(base);
      const folder = resolve(base, payload.name);
      await writeTree(folder, payload.tree);
      const data = { items: [], files: [folder], dragOperationsMask: 1 };
      for (const type of ['dragEnter', 'dragOver', 'drop'])
        await cdp.send('Input.dispatchDragEvent', { type, x: payload.x, y: payload.y, data });
      await cdp.detach();
      return true;
    },
    async serverStop() {
      await Promise.all(written.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
    },
  };
}
