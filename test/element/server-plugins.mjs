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

/**
 * The script-tag pages at a new address per test, so no answer of the browser's cache from an earlier test stands
 * in for a request: `/fresh/<run>/pages/<file>` is `/csp/<file>` (with its policy), `/fresh/<run>/dist/…` is
 * `/dist/…`. Requests for the upload piece there fail on demand: `GET /__upload-piece?fail=<n>` fails the next n
 * (-1: every one until told otherwise, 0: none), or of the tus piece with `&piece=tus`; every answer of
 * `/__upload-piece` says how many failed so far.
 */
export function freshScriptTagPages() {
  let toFail = 0;
  let failed = 0;
  let piece = 'upload';
  return async (ctx, next) => {
    if (ctx.path === '/__upload-piece') {
      if (ctx.query.fail !== undefined) {
        toFail = Number(ctx.query.fail);
        failed = 0;
        piece = ctx.query.piece ?? 'upload';
      }
      ctx.set('Cache-Control', 'no-store');
      ctx.body = { failed };
      return;
    }
    const [, place, rest] = /^\/fresh\/[\w-]+\/(pages|dist)\/(.+)$/.exec(ctx.path) ?? [];
    if (!place) return next();
    if (place === 'dist' && rest === `chunks/${piece}.min.js` && toFail !== 0) {
      if (toFail > 0) toFail--;
      failed++;
      ctx.status = 503;
      ctx.body = 'unavailable';
      return;
    }
    ctx.path = place === 'pages' ? `/csp/${basename(rest)}` : `/dist/${rest}`;
    return next();
  };
}
