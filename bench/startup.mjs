// Start-up: the script-tag bundle defining the element and drawing it once, against a hello-world Lit element
// built the same way, each in a fresh page.
import { build } from 'esbuild';
import { repoRoot } from './harness.mjs';

const BLANK_PAGE =
  '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>blank</title></head><body></body></html>';

/** A hello-world Lit element with a style sheet, built the same way as the bundle (one minified IIFE). */
async function bareLitBundle() {
  const result = await build({
    stdin: {
      contents: `import { LitElement, html, css } from 'lit';
        class HelloLit extends LitElement {
          static styles = css\`:host { display: block; font: inherit; } p { margin: 0; }\`;
          static properties = { name: {} };
          constructor() { super(); this.name = 'world'; }
          render() { return html\`<p>Hello, \${this.name}</p><button type="button">OK</button>\`; }
        }
        customElements.define('hello-lit', HelloLit);`,
      resolveDir: repoRoot,
      loader: 'js',
    },
    bundle: true,
    format: 'iife',
    minify: true,
    target: 'es2022',
    write: false,
    legalComments: 'none',
  });
  return result.outputFiles[0].text;
}

/** Returns `startup(kind)`, which times `'element'` or `'bare'` (the hello-world Lit element) once. */
export async function startupBench(bench) {
  const bareLit = await bareLitBundle();
  bench.server.page('/blank.html', BLANK_PAGE);

  /** Defining from the script and the first render (with layout), in a fresh page once it has settled. */
  return async function startup(kind) {
    const run = await bench.freshPage('/blank.html');
    const [code, tag] = kind === 'element' ? [bench.bundle, 'wistia-uploader'] : [bareLit, 'hello-lit'];
    try {
      // A page just loaded still has work of its own to finish; timed on top of it, both kinds looked alike.
      await run.page.evaluate(async () => {
        await new Promise((resolve) => setTimeout(resolve, 300));
        await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
      });
      return await run.page.evaluate(
        async ({ code, tag }) => {
          const t0 = performance.now();
          const script = document.createElement('script');
          script.textContent = code;
          document.head.append(script);
          const defined = performance.now();
          const el = document.createElement(tag);
          document.body.append(el);
          await el.updateComplete;
          void document.body.offsetHeight;
          const rendered = performance.now();
          return { defineMs: defined - t0, renderMs: rendered - defined, totalMs: rendered - t0 };
        },
        { code, tag },
      );
    } finally {
      await run.close();
    }
  };
}
