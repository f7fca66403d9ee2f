// Test-runner addition for the element tests: pages served under a strict CSP.
import { readFile } from 'node:fs/promises';
import { basename, dirname, extname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

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
