/** Drives the Wistia stand-in mounted at `/wistia/` by the test runner. */
export const STANDIN = {
  tokenUrl: '/wistia/token',
  uploadUrl: `${location.origin}/wistia/upload/`,
  s3CopyUrl: `${location.origin}/wistia/upload/s3_copy`,
  apiUrl: `${location.origin}/wistia/api`,
};

export type Route = 'upload' | 's3_copy' | 'media' | 'token';

export interface ScriptedAnswer {
  pass?: boolean;
  status?: number;
  body?: unknown;
  contentType?: string;
  retryAfter?: number;
  stall?: boolean;
  resetAfterBytes?: number;
  slowReadMs?: number;
  delayMs?: number;
}

async function control(path: string, body?: unknown): Promise<any> {
  const res = await fetch(`/wistia/control/${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`stand-in control ${path}: HTTP ${res.status} ${await res.text()}`);
  return res.json();
}

export const standin = {
  reset: () => control('reset', {}),
  script: (route: Route, responses: ScriptedAnswer[]) => control('script', { route, responses }),
  config: (settings: Record<string, unknown>) => control('config', settings),
  tokens: (settings: Record<string, unknown>) => control('tokens', settings),
  slow: (chunkDelayMs: number) => control('slow', { chunkDelayMs }),
  log: () => control('log'),
  /** Requests the stand-in received, oldest first. */
  requests: async (): Promise<Array<Record<string, any>>> => (await control('log')).requests,
  /** Waits until the stand-in has received `count` requests on `route` (an answer may still be pending). */
  received: async (route: Route, count = 1): Promise<void> => {
    for (let i = 0; i < 400; i++) {
      if ((await standin.requests()).filter((r) => r.route === route).length >= count) return;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error(`The stand-in did not receive ${count} ${route} request(s) in time`);
  },
};

/** SHA-256 of a blob, hex, as the stand-in records it. */
export async function sha256(blob: Blob): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', await blob.arrayBuffer());
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}
