// The reference that binds a media to whoever uploaded it, so status reads need no store: the relay signs the
// hashed id with the subject and project of the token that uploaded it, and checks it on every status read.

import { fromBase64Url, toBase64Url, type RelayTokenClaims } from './relay-token.js';

/** The header the upload answer carries and the element sends back on that media's status reads. */
export const RELAY_REF_HEADER = 'Upload-Relay-Ref';

const encoder = new TextEncoder();
// Its own prefix, so a reference can never be taken for a token's signature or the other way round.
const signed = (hashedId: string, claims: RelayTokenClaims): Uint8Array<ArrayBuffer> =>
  encoder.encode(`wur1-ref.${JSON.stringify([hashedId, claims.subject, claims.projectId])}`);

export async function signStatusRef(key: CryptoKey, hashedId: string, claims: RelayTokenClaims): Promise<string> {
  return toBase64Url(new Uint8Array(await crypto.subtle.sign('HMAC', key, signed(hashedId, claims))));
}

/** True only for the reference of this media, uploaded under this token's subject and project. */
export async function checkStatusRef(
  key: CryptoKey,
  ref: string | null,
  hashedId: string,
  claims: RelayTokenClaims,
): Promise<boolean> {
  const signature = ref === null ? undefined : fromBase64Url(ref.trim());
  if (signature === undefined) return false;
  return crypto.subtle.verify('HMAC', key, signature, signed(hashedId, claims));
}
