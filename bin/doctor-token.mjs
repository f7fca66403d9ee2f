// The doctor's token endpoint checks: CORS for the site's origin, and an answer in the shape docs/token-endpoint.md gives.
import { corsLines, judgePreflight, originAllowed, preflight, request } from './doctor-http.mjs';

/** @param {import('./doctor.mjs').DoctorOptions} options */
export async function checkTokenEndpoint(options) {
  /** @type {import('./doctor.mjs').Finding[]} */
  const findings = [];
  const crossOrigin = new URL(options.tokenUrl).origin !== options.origin;
  if (crossOrigin) {
    const judged = judgePreflight(
      'Token endpoint',
      await preflight(options.tokenUrl, options, 'content-type'),
      options,
    );
    // Its details matter only when it fails; the upload endpoint's are always printed.
    findings.push(judged.ok ? { ...judged, details: undefined } : judged);
  }
  const res = await request(options.tokenUrl, {
    method: 'POST',
    headers: {
      Origin: options.origin,
      Accept: 'application/json',
      'Content-Type': 'application/json',
      ...options.headers,
    },
    body: JSON.stringify({ project_id: options.projectId ?? null }),
    timeoutMs: options.timeoutMs,
  });
  if ('error' in res) {
    findings.push({
      ok: false,
      text: `Token endpoint: no answer (${res.error})`,
      fix: 'Is the URL right and the server up?',
    });
    return { findings };
  }
  if (res.status !== 200) {
    const hint =
      res.status === 401 || res.status === 403
        ? 'It refused this caller: pass the session a visitor would have with --header "Cookie: ...".'
        : 'It must answer 200 with {"token", "expires_at"} (see docs/token-endpoint.md).';
    findings.push({
      ok: false,
      text: `Token endpoint: answered ${res.status}`,
      fix: hint,
      details: [res.text.slice(0, 200)],
    });
    return { findings };
  }
  if (crossOrigin && !originAllowed(res.headers, options.origin)) {
    findings.push({
      ok: false,
      text: `Token endpoint: its answer has no CORS headers for ${options.origin}, so the page cannot read the token`,
      fix: `Send Access-Control-Allow-Origin: ${options.origin} (createTokenHandler: allowedOrigins).`,
      details: corsLines(res.headers),
    });
  }
  const grant = parseGrant(res.text);
  findings.push(grant.finding);
  return { findings, token: grant.token };
}

/** @param {string} text @returns {{ finding: import('./doctor.mjs').Finding, token?: string }} */
function parseGrant(text) {
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    return {
      finding: {
        ok: false,
        text: 'Token endpoint: the answer is not JSON',
        fix: 'Answer application/json (see docs/token-endpoint.md).',
      },
    };
  }
  const token =
    typeof body?.token === 'string'
      ? body.token
      : typeof body?.access_token === 'string'
        ? body.access_token
        : undefined;
  if (!token) {
    return {
      finding: {
        ok: false,
        text: 'Token endpoint: no "token" (or "access_token") in the answer',
        fix: 'See docs/token-endpoint.md for the two shapes.',
      },
    };
  }
  const kind = token.startsWith('wur1.') ? 'a relay token' : 'a Wistia token';
  let expiresInS;
  if (body.expires_at !== undefined) expiresInS = (Date.parse(body.expires_at) - Date.now()) / 1000;
  else if (body.expires_in !== undefined) expiresInS = Number(body.expires_in);
  if (expiresInS === undefined) {
    const warn = kind === 'a Wistia token';
    return {
      token,
      finding: {
        ok: !warn,
        warn,
        text: `Token endpoint: gives ${kind} without an expiry`,
        fix: warn
          ? 'A Wistia token handed to the browser never expires: prefer the upload relay (docs/relay.md).'
          : undefined,
      },
    };
  }
  if (!Number.isFinite(expiresInS) || expiresInS <= 30) {
    return {
      token,
      finding: {
        ok: false,
        text: 'Token endpoint: the expiry is invalid or already (nearly) past',
        fix: 'expires_at must be ISO 8601 in the future.',
      },
    };
  }
  return { token, finding: { ok: true, text: `Token endpoint: gives ${kind}, valid for ${Math.round(expiresInS)} s` } };
}
