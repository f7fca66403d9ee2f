/** Extra guard for endpoints the element is pointed at: the token must never travel in clear text. */
export function isSecureEndpoint(url: string, base?: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url, base);
  } catch {
    return false;
  }
  if (parsed.protocol === 'https:') return true;
  const host = parsed.hostname;
  return parsed.protocol === 'http:' && (host === 'localhost' || host === '127.0.0.1' || host === '[::1]');
}
