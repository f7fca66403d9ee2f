// The first feedback a visitor gets: the row of a file they picked, drawn. The first number format of a page loads
// the locale data, so the element makes its formats while the picker is open; the baseline is the same file set
// straight into the input, with no click before it, as a paste or `addFiles()` brings one.

/** A visitor takes longer than this in the file dialog; the baseline page waits as long before its file comes. */
const IN_DIALOG_MS = 300;

/** Time from the file input's `change` to the file's row drawn and laid out, with the button clicked first or not. */
export async function firstRow(bench, { viaButton }) {
  const run = await bench.freshPage('/element-standin.html');
  const { page } = run;
  try {
    await page.evaluate(async () => {
      await customElements.whenDefined('wistia-uploader');
      const el = document.querySelector('wistia-uploader');
      await el.updateComplete;
      const root = el.shadowRoot;
      window.rowDrawn = new Promise((resolve) => {
        const start = () => {
          const t0 = performance.now();
          // Called in the microtask after Lit's commit that adds the list.
          const observer = new MutationObserver(() => {
            if (!root.querySelector('.items')) return;
            observer.disconnect();
            void document.body.offsetHeight;
            resolve(performance.now() - t0);
          });
          observer.observe(root, { childList: true, subtree: true });
        };
        // Captured on the way down: before the element's own listener takes the file.
        root.addEventListener('change', start, { capture: true, once: true });
      });
    });
    const file = { name: 'clip.mp4', mimeType: 'video/mp4', buffer: Buffer.alloc(1000) };
    if (viaButton) {
      const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.click('wistia-uploader .choose')]);
      await page.waitForTimeout(IN_DIALOG_MS);
      await chooser.setFiles(file);
    } else {
      await page.waitForTimeout(IN_DIALOG_MS);
      await page.setInputFiles('wistia-uploader input[type=file]', file);
    }
    return { rowMs: await page.evaluate(() => window.rowDrawn) };
  } finally {
    await run.close();
  }
}
