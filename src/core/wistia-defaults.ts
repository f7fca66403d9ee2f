// What is known of Wistia before any request: its endpoints and its limit on names. Apart from the rest of the
// wire format (wistia-api.ts), which only sending needs: the element checks and lists items before that is loaded.

/** Wistia's endpoints. */
export const WistiaDefaults = {
  uploadUrl: 'https://upload.wistia.com/',
  s3CopyUrl: 'https://upload.wistia.com/s3_copy',
  apiUrl: 'https://api.wistia.com',
} as const;

/** Wistia's limit on a media name. */
export const MAX_NAME_LENGTH = 255;

/** Cuts a name to Wistia's limit, before the extension so the type stays readable. */
export function truncateName(name: string, max = MAX_NAME_LENGTH): string {
  // No more UTF-16 units than the limit means no more code points either: most names need no splitting.
  if (name.length <= max) return name;
  const chars = Array.from(name);
  if (chars.length <= max) return name;
  const dot = name.lastIndexOf('.');
  const ext = dot > 0 ? Array.from(name.slice(dot)) : [];
  // An extension as long as the limit leaves no room for the name: cut plainly rather than overflow.
  if (ext.length === 0 || ext.length > 16 || ext.length >= max) return chars.slice(0, max).join('');
  return chars.slice(0, max - ext.length).join('') + ext.join('');
}
