// Test-runner additions for the locked-down page test: /locked/<page> served with a strict CSP header, and a
// recorder of what the browser sends to the stand-in (and the tokens it is handed), read at the network's end
// so it works the same in every engine.
import { readFile } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const MAX_BODY = 8 * 1024 * 1024;

/** Nothing inline, nothing from elsewhere, and DOM sinks only through Trusted Types. */
export const LOCKED_CSP = "default-src 'self'; script-src 'self'; style-src 'self'; require-trusted-types-for 'script'";

let recording = null;

/** Koa middleware placed before the stand-in: while recording, keeps each /wistia/ request and token answer. */
export function lockedPageRecorder() {
  return async (ctx, next) => {
    if (!recording || !ctx.path.startsWith('/wistia/') || ctx.path.startsWith('/wistia/control/')) return next();
    const { authorization, ...headers } = ctx.req.headers;
    const entry = { url: ctx.href, headers, body: '', authorization: authorization ?? null };
    recording.requests.push(entry);
    // Copy body chunks as the stand-in reads them, without changing how the stream flows.
    const chunks = [];
    let size = 0;
    const emit = ctx.req.emit;
    ctx.req.emit = function (event, chunk, ...rest) {
      if (event === 'data' && size < MAX_BODY) {
        chunks.push(Buffer.from(chunk));
        size += chunk.length;
      }
      if (event === 'end') entry.body = Buffer.concat(chunks).toString('latin1');
      return emit.call(this, event, chunk, ...rest);
    };
    if (ctx.path.startsWith('/wistia/token')) {
      const answer = [];
      const { write, end } = ctx.res;
      const tokens = recording.tokens;
      ctx.res.write = function (chunk, ...rest) {
        if (chunk) answer.push(Buffer.from(chunk));
        return write.call(this, chunk, ...rest);
      };
      ctx.res.end = function (chunk, ...rest) {
        if (chunk && typeof chunk !== 'function') answer.push(Buffer.from(chunk));
        try {
          const { token } = JSON.parse(Buffer.concat(answer).toString('utf8'));
          if (token) tokens.push(token);
        } catch {
          // not a token answer (a scripted failure): nothing to remember
        }
        return end.call(this, chunk, ...rest);
      };
    }
    await next();
    // Koa writes ctx.body after the middleware chain: it goes through the wrapped res.end above.
    entry.body ||= Buffer.concat(chunks).toString('latin1');
  };
}

export function lockedPages() {
  return {
    name: 'locked-pages',
    async serve(context) {
      if (!context.path.startsWith('/locked/') || !context.path.endsWith('.html')) return undefined;
      const body = await readFile(resolve(here, 'locked', basename(context.path)), 'utf8');
      return { body, type: 'html', headers: { 'Content-Security-Policy': LOCKED_CSP, 'Cache-Control': 'no-store' } };
    },
    async executeCommand({ command }) {
      if (command === 'locked-page-record') {
        recording = { requests: [], tokens: [] };
        return true;
      }
      if (command === 'locked-page-recorded') {
        const seen = recording ?? { requests: [], tokens: [] };
        recording = null;
        return seen;
      }
      return undefined;
    },
  };
}
