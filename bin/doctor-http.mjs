// The doctor's HTTP: requests with full control of their headers (Origin included), and reading CORS answers.
import http from 'node:http';
import https from 'node:https';

export const EXPOSE = 'access-control-expose-headers';

/**
 * One request with full control of its headers (Origin included); never rejects.
 * @param {string} url
 * @param {{ method?: string, headers?: Record<string, string>, body?: Buffer | string, timeoutMs: number }} init
 * @returns {Promise<{ status: number, headers: import('node:http').IncomingHttpHeaders, text: string } | { error: string }>}
 */
export function request(url, { method = 'GET', headers = {}, body, timeoutMs }) {
  return new Promise((resolve) => {
    let target;
    try {
      target = new URL(url);
    } catch {
      resolve({ error: `${url} is not a valid URL` });
      return;
    }
    const client = target.protocol === 'https:' ? https : http;
    const req = client.request(target, { method, headers, timeout: timeoutMs }, (res) => {
      const chunks = [];
      res.on('data', (chunk) => chunks.push(chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }),
      );
      res.on('error', (error) => resolve({ error: error.message }));
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', (error) => resolve({ error: error.message }));
    req.end(body);
  });
}

const CREDENTIALS = [
  /(\bBearer\s+)\S+/gi,
  /("?(?:token|access_token|refresh_token|api_token|secret|password|session|cookie|key)[\w-]*"?\s*[:=]\s*"?)[^"\s,;&}]+/gi,
  // A long run of token characters is a credential more often than prose.
  /()\b[A-Za-z0-9_\-.+/=]{24,}/g,
];

/**
 * A short, safe excerpt of an answer to print: tags dropped, anything that looks like a token, session or key
 * masked, at most 200 characters. @param {string} text
 */
export function excerpt(text) {
  let safe = text
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  for (const pattern of CREDENTIALS) safe = safe.replace(pattern, '$1[hidden]');
  return safe.length > 200 ? `${safe.slice(0, 199)}…` : safe;
}

/** An answer that is a web page rather than what an API gives. @param {{ headers: import('node:http').IncomingHttpHeaders, text: string }} res */
export const isHtml = (res) =>
  /^text\/html/i.test(String(res.headers['content-type'] ?? '')) || /^\s*<(!doctype|html)/i.test(res.text);

/** @param {string} list @param {string} name */
export const listHas = (list, name) =>
  list
    .split(',')
    .map((item) => item.trim().toLowerCase())
    .includes(name);

/** @param {import('node:http').IncomingHttpHeaders} headers @param {string} origin */
export const originAllowed = (headers, origin) => {
  const allowed = headers['access-control-allow-origin'];
  return allowed === origin || allowed === '*';
};

/** The CORS headers of an answer, as lines to print. @param {import('node:http').IncomingHttpHeaders} headers */
export const corsLines = (headers) => {
  const lines = Object.entries(headers)
    .filter(([name]) => name.startsWith('access-control-'))
    .map(([name, value]) => `${name}: ${value}`);
  return lines.length > 0 ? lines : ['(no Access-Control-* headers)'];
};

/**
 * A CORS preflight as a browser sends it from `origin`.
 * @param {string} url @param {import('./doctor.mjs').DoctorOptions} options @param {string} headerList
 */
export async function preflight(url, options, headerList) {
  return request(url, {
    method: 'OPTIONS',
    headers: {
      Origin: options.origin,
      'Access-Control-Request-Method': 'POST',
      'Access-Control-Request-Headers': headerList,
    },
    timeoutMs: options.timeoutMs,
  });
}

/**
 * @param {string} what
 * @param {Awaited<ReturnType<typeof preflight>>} res
 * @param {import('./doctor.mjs').DoctorOptions} options
 * @param {string} [needHeader]
 * @returns {import('./doctor.mjs').Finding}
 */
export function judgePreflight(what, res, options, needHeader) {
  if ('error' in res)
    return { ok: false, text: `${what}: preflight failed (${res.error})`, fix: 'Is the URL right and the server up?' };
  const details = [`answered ${res.status}`, ...corsLines(res.headers)];
  const allowHeaders = String(res.headers['access-control-allow-headers'] ?? '');
  if (res.status < 200 || res.status > 299 || !originAllowed(res.headers, options.origin)) {
    return {
      ok: false,
      text: `${what}: the preflight from ${options.origin} is refused`,
      fix: `Answer OPTIONS with 2xx and Access-Control-Allow-Origin: ${options.origin}.`,
      details,
    };
  }
  if (needHeader && !listHas(allowHeaders, needHeader)) {
    return {
      ok: false,
      text: `${what}: the preflight does not allow the ${needHeader} header, so browsers will not send the upload`,
      fix: `Access-Control-Allow-Headers must list ${needHeader} (a "*" does not cover Authorization).`,
      details,
    };
  }
  return { ok: true, text: `${what}: preflight from ${options.origin} allowed`, details };
}
