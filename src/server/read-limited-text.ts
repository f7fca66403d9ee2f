export type LimitedText = { ok: true; text: string } | { ok: false; problem: 'too_large' | 'not_utf8' };

/** Reads a body as UTF-8, giving up as soon as it passes `maxBytes` so a huge body is never buffered. */
export async function readLimitedText(message: Request | Response, maxBytes: number): Promise<LimitedText> {
  const declared = Number(message.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await message.body?.cancel().catch(() => undefined);
    return { ok: false, problem: 'too_large' };
  }
  if (message.body === null) return { ok: true, text: '' };

  const reader = message.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      return { ok: false, problem: 'too_large' };
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    return { ok: false, problem: 'not_utf8' };
  }
}
