// Error texts can carry credentials (a header echoed by a proxy, a JSON body); everything that leaves
// the token endpoint through an error passes through here first.

const REDACTED = '[redacted]';

/** Credential shapes masked even when the exact secret is unknown. */
const CREDENTIAL_PATTERNS: readonly RegExp[] = [
  /(\bBearer\s+)[^\s"',;]+/gi,
  /("(?:token|access_token|refresh_token|api_token|apiToken|client_secret|password)"\s*:\s*")[^"]*/gi,
  /(\b(?:token|access_token|refresh_token|api_token|client_secret|password)=)[^&\s"']+/gi,
];

/** Replaces every listed secret and every credential-looking value in `text`. */
export function redactSecrets(text: string, secrets: readonly string[] = []): string {
  let safe = text;
  // Longest first so a secret that contains another is removed whole.
  for (const secret of [...secrets].filter((s) => s.length > 0).sort((a, b) => b.length - a.length)) {
    safe = safe.split(secret).join(REDACTED);
  }
  for (const pattern of CREDENTIAL_PATTERNS) safe = safe.replace(pattern, `$1${REDACTED}`);
  return safe;
}

/** Copies an error (and its causes) with secrets removed from message and stack, keeping name and codes. */
export function toRedactedError(error: unknown, secrets: readonly string[] = [], depth = 0): Error {
  if (!(error instanceof Error)) {
    return new Error(`A non-Error value was thrown (${typeof error}).`);
  }
  const cause = depth < 3 && error.cause !== undefined ? toRedactedError(error.cause, secrets, depth + 1) : undefined;
  const copy = new Error(redactSecrets(error.message, secrets), cause === undefined ? undefined : { cause });
  Object.defineProperty(copy, 'name', { value: error.name, configurable: true, writable: true });
  copy.stack = error.stack === undefined ? undefined : redactSecrets(error.stack, secrets);
  // Keep the machine-readable fields operators branch on; only primitives, so nothing nested slips through.
  for (const key of ['code', 'reason', 'status', 'retryable'] as const) {
    const value = (error as unknown as Record<string, unknown>)[key];
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      Object.defineProperty(copy, key, {
        value: typeof value === 'string' ? redactSecrets(value, secrets) : value,
        enumerable: true,
      });
    }
  }
  return copy;
}
