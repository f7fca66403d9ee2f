/** Console help for the token endpoint's set-up mistakes: the status, the content type and the likely fix. */

const told = new Set<string>();

/** The likely fix for an answer that gave no token. */
function likelyFix(status: number, contentType: string): string {
  if (status === 404 || status === 405)
    return 'token-url does not point at a token route: check the path, and that your backend handles POST there.';
  if (status === 401 || status === 403)
    return 'your backend refused the request: it may need the visitor signed in, token-credentials="include" across origins, or a CSRF header (set getToken).';
  if (status >= 500) return 'your backend failed: see its log (is the Wistia API token set on the server?).';
  if (/html/i.test(contentType))
    return 'it sent a web page, not JSON: token-url probably points at a page (a dev server or a login redirect) rather than the token route.';
  return 'it should answer JSON such as {"token": "…", "expires_at": "…"}.';
}

/** Once per endpoint and status on the page: says why no token came, where only a developer looks. */
export function explainTokenFailure(url: string, status: number, contentType: string | null): void {
  const key = `${url} ${status}`;
  if (told.has(key)) return;
  told.add(key);
  const type = contentType || 'no content type';
  console.warn(
    `wistia-uploader: no upload token from ${url} (HTTP ${status}, ${type}): ${likelyFix(status, type)} See docs/token-endpoint.md.`,
  );
}

/** Once per page: neither `token-url` nor `getToken` was given. */
export function explainNoTokenSource(): void {
  if (told.has('')) return;
  told.add('');
  console.warn(
    'wistia-uploader: uploads cannot start: set token-url (or the getToken property). See docs/token-endpoint.md.',
  );
}
