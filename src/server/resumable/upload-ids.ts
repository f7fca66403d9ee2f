// An upload's id names who may touch it: it starts with an HMAC of the subject that created it, so a later request
// is checked against its token's subject without any stored state (metadata would be echoed back by HEAD).

import { toBase64Url } from '../relay-token.js';

const TAG_LENGTH = 22;
const UPLOAD_ID = /^[A-Za-z0-9_-]{22}[0-9a-f]{32}$/;
const encoder = new TextEncoder();

async function subjectTag(key: CryptoKey, subject: string): Promise<string> {
  // Its own prefix, so a tag can never be taken for a token's signature or a status reference.
  const mac = await crypto.subtle.sign('HMAC', key, encoder.encode(`wur1-tus.${subject}`));
  return toBase64Url(new Uint8Array(mac)).slice(0, TAG_LENGTH);
}

/** A new upload id for this subject: its tag, then 128 random bits. */
export async function newUploadId(key: CryptoKey, subject: string): Promise<string> {
  const random = Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) => byte.toString(16).padStart(2, '0'));
  return `${await subjectTag(key, subject)}${random.join('')}`;
}

/** True only for a well-formed id created under this subject. */
export async function isUploadOf(key: CryptoKey, id: string, subject: string): Promise<boolean> {
  if (!UPLOAD_ID.test(id)) return false;
  const expected = await subjectTag(key, subject);
  let difference = 0;
  for (let i = 0; i < TAG_LENGTH; i++) difference |= expected.charCodeAt(i) ^ id.charCodeAt(i);
  return difference === 0;
}
