/** Reading attribute values a person typed: sizes with units, `accept` lists, and a warning for what cannot be read. */

const UNIT_POWERS: Record<string, number> = { '': 0, k: 1, m: 2, g: 3, t: 4 };

/**
 * Bytes from `500`, `500MB`, `2 GB` or `1.5GiB`: B, kB/KB, MB, GB, TB are powers of 1000, KiB, MiB, GiB, TiB of
 * 1024. Undefined for anything else.
 */
export function parseSize(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?|\.\d+)\s*(?:([kmgt]?)(i?)b)?$/i.exec(text.trim());
  if (!match || (match[3] && !match[2])) return undefined;
  const [, amount, prefix = '', binary] = match;
  return Math.round(Number(amount) * (binary ? 1024 : 1000) ** UNIT_POWERS[prefix.toLowerCase()]);
}

/** Whether an `accept` list has an entry a file could match: `.ext`, `type/subtype` or `type/*`; empty takes all. */
export function readableAccept(text: string): string | undefined {
  const entries = text.split(',').map((entry) => entry.trim());
  if (text.trim() === '') return text;
  return entries.some((entry) => /^\.[^\s.,/\\][^\s,/\\]*$|^[\w.+-]+\/(?:\*|[\w.+-]+)$/.test(entry)) ? text : undefined;
}

const warned = new Set<string>();

/** Once per attribute and value on the page: the attribute keeps its default, and the console says why. */
export function warnUnreadable(attribute: string, value: string, expected: string): void {
  const key = `${attribute}=${value}`;
  if (warned.has(key)) return;
  warned.add(key);
  console.warn(
    `wistia-uploader: ${attribute}="${value}" cannot be read, so the default is used. Expected ${expected}.`,
  );
}
