// Tokens the site signs itself for its own upload relay: worth nothing at Wistia or at any other site.

import type { TokenIssuer } from './token-issuer.js';

/** What a relay token promises, as the relay reads it back. */
export interface RelayTokenClaims {
  /** Who it was issued to (the `authorize` subject). */
  subject: string;
  /** The only project it may upload into; null: only Wistia's default project. */
  projectId: string | null;
  /** Expiry, epoch seconds. */
  expiresAt: number;
  /** Largest upload body it allows, in bytes. */
  maxBytes: number;
}

export interface RelayTokenIssuerOptions {
  /** At least 32 characters, shared with `createUploadRelay` and kept on the server. */
  secret: string;
  /** Lifetime of each token. Default 600 (10 minutes), at least 60, at most 86 400. */
  ttlSeconds?: number;
  /** Largest upload a token allows, in bytes. Default 8 GiB. */
  maxBytes?: number;
  /** Clock in milliseconds, for tests. Default `Date.now`. */
  now?: () => number;
}

export type RelayTokenCheck =
  { ok: true; claims: RelayTokenClaims } | { ok: false; reason: 'malformed' | 'forged' | 'expired' };

/** Version prefix, so a later format can be told apart from this one. */
const PREFIX = 'wur1';
const DEFAULT_MAX_BYTES = 8 * 1024 ** 3;
const encoder = new TextEncoder();

/** Checks a secret once, at start-up: a short or repetitive one could be guessed offline from any token. */
export function checkRelaySecret(secret: unknown, who: string): string {
  const weak =
    typeof secret !== 'string' ||
    secret.length < 32 ||
    new Set(secret).size < 16 ||
    // Whitespace at either end is a copy-paste slip: the same secret elsewhere would be read without it.
    secret.trim() !== secret;
  if (weak) {
    throw new TypeError(
      `${who} needs secret: a random string of at least 32 characters with at least 16 different ones, ` +
        'no spaces at either end (e.g. 32 random bytes in base64: openssl rand -base64 32).',
    );
  }
  return secret;
}

/** The HMAC-SHA-256 key for a secret, imported once per issuer or relay. */
export function relayKey(secret: string): Promise<CryptoKey> {
  return crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [
    'sign',
    'verify',
  ]);
}

/** `wur1.<claims as base64url JSON>.<HMAC-SHA-256 of "wur1.<claims>" as base64url>`. */
export async function signRelayToken(key: CryptoKey, claims: RelayTokenClaims): Promise<string> {
  const body = toBase64Url(
    encoder.encode(JSON.stringify({ s: claims.subject, p: claims.projectId, e: claims.expiresAt, b: claims.maxBytes })),
  );
  const signed = `${PREFIX}.${body}`;
  const signature = new Uint8Array(await crypto.subtle.sign('HMAC', key, encoder.encode(signed)));
  return `${signed}.${toBase64Url(signature)}`;
}

/** Verifies signature (in constant time, by WebCrypto) before reading anything, then the expiry. */
export async function verifyRelayToken(key: CryptoKey, token: string, nowMs: number): Promise<RelayTokenCheck> {
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] !== PREFIX) return { ok: false, reason: 'malformed' };
  const signature = fromBase64Url(parts[2] ?? '');
  if (signature === undefined) return { ok: false, reason: 'malformed' };
  const valid = await crypto.subtle.verify('HMAC', key, signature, encoder.encode(`${PREFIX}.${parts[1]}`));
  if (!valid) return { ok: false, reason: 'forged' };
  const claims = parseClaims(parts[1] ?? '');
  if (claims === undefined) return { ok: false, reason: 'malformed' };
  return nowMs < claims.expiresAt * 1000 ? { ok: true, claims } : { ok: false, reason: 'expired' };
}

/**
 * Issues relay tokens for `createTokenHandler`: each names the subject, the project, an expiry and a byte
 * limit, signed with HMAC-SHA-256. The browser never holds a Wistia credential; the relay holds it.
 */
export function relayTokenIssuer(options: RelayTokenIssuerOptions): TokenIssuer {
  const secret = checkRelaySecret(options?.secret, 'relayTokenIssuer');
  const ttlSeconds = options.ttlSeconds ?? 600;
  if (!Number.isInteger(ttlSeconds) || ttlSeconds < 60 || ttlSeconds > 86_400) {
    throw new RangeError('ttlSeconds must be a whole number from 60 to 86400.');
  }
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  if (!Number.isSafeInteger(maxBytes) || maxBytes < 1) throw new RangeError('maxBytes must be a positive integer.');
  const now = options.now ?? Date.now;
  const key = relayKey(secret);

  return async function issueRelayToken({ subject, projectId }) {
    // Whole seconds, rounded down, so the token never outlives the expiry the browser is told.
    const expiresAt = Math.floor(now() / 1000) + ttlSeconds;
    const token = await signRelayToken(await key, { subject, projectId: projectId ?? null, expiresAt, maxBytes });
    return { token, expiresAt: new Date(expiresAt * 1000) };
  };
}

function parseClaims(encoded: string): RelayTokenClaims | undefined {
  const bytes = fromBase64Url(encoded);
  if (bytes === undefined) return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return undefined;
  }
  const { s, p, e, b } = (raw ?? {}) as Record<string, unknown>;
  if (typeof s !== 'string' || !(p === null || typeof p === 'string')) return undefined;
  if (!Number.isSafeInteger(e) || !Number.isSafeInteger(b)) return undefined;
  return { subject: s, projectId: p, expiresAt: e as number, maxBytes: b as number };
}

export function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Canonical base64url only: a text whose unused low bits are set would decode to the same bytes as another. */
export function fromBase64Url(text: string): Uint8Array<ArrayBuffer> | undefined {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return undefined;
  let bytes: Uint8Array<ArrayBuffer>;
  try {
    const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
    bytes = Uint8Array.from(binary, (char) => char.charCodeAt(0));
  } catch {
    return undefined;
  }
  return toBase64Url(bytes) === text ? bytes : undefined;
}
