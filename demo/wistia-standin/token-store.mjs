// Upload tokens the stand-in issued. Only their SHA-256 is kept, so no record or dump can ever show a token.
import { createHash, randomBytes } from 'node:crypto';

/** @typedef {'ok' | 'missing' | 'invalid' | 'expired'} AuthResult */

const digest = (/** @type {string} */ token) => createHash('sha256').update(token).digest('hex');

export class TokenStore {
  /** @type {Map<string, number>} token digest → expiry (epoch ms) */
  #expiries = new Map();
  /** @type {Map<string, string | null>} token digest → the project it was asked for (null: none) */
  #projects = new Map();
  /** @type {Set<string>} digests of API tokens that never expire, as Wistia's own do */
  #permanent = new Set();

  /**
   * Accepts a token forever, like a Wistia API token kept on a server (the relay's); `reset` keeps it.
   * @param {string} token
   */
  addApiToken(token) {
    this.#permanent.add(digest(token));
  }

  /**
   * Issues a token like a Wistia API token: 64 hex characters, bound to the project it was asked for.
   * @param {number} ttlSeconds
   * @param {number} now
   * @param {string | null} [projectId]
   */
  issue(ttlSeconds, now, projectId = null) {
    const token = randomBytes(32).toString('hex');
    const expiresAt = now + ttlSeconds * 1000;
    this.#expiries.set(digest(token), expiresAt);
    this.#projects.set(digest(token), projectId);
    return { token, expiresAt };
  }

  /**
   * The project a token in an `Authorization` header was issued for: null for none, undefined for no token of ours.
   * @param {string | undefined} header
   * @returns {string | null | undefined}
   */
  projectOf(header) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
    return match ? this.#projects.get(digest(match[1])) : undefined;
  }

  /**
   * Judges an `Authorization` header: only `Bearer <token>` with a live token issued here passes.
   * @param {string | undefined} header
   * @param {number} now
   * @returns {AuthResult}
   */
  check(header, now) {
    if (!header) return 'missing';
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match) return 'invalid';
    if (this.#permanent.has(digest(match[1]))) return 'ok';
    const expiresAt = this.#expiries.get(digest(match[1]));
    if (expiresAt === undefined) return 'invalid';
    return expiresAt > now ? 'ok' : 'expired';
  }

  /** @param {number} now */
  expireAll(now) {
    for (const key of this.#expiries.keys()) this.#expiries.set(key, now);
  }

  clear() {
    this.#expiries.clear();
    this.#projects.clear();
  }
}
