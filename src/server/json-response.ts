/** Headers every answer carries: tokens and refusals must never be cached by a browser or a proxy. */
const BASE_HEADERS = {
  'Content-Type': 'application/json; charset=utf-8',
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
} as const;

/** A JSON answer with the no-store headers plus any extra ones. */
export function jsonResponse(status: number, body: unknown, extraHeaders: HeadersInit = {}): Response {
  const headers = new Headers(BASE_HEADERS);
  new Headers(extraHeaders).forEach((value, name) => headers.set(name, value));
  return new Response(JSON.stringify(body), { status, headers });
}

/** An error answer in the `{"error": "..."}` shape the element shows to users. */
export function errorResponse(status: number, message: string, extraHeaders: HeadersInit = {}): Response {
  return jsonResponse(status, { error: message }, extraHeaders);
}
