import { expect } from '@open-wc/testing';
import { parseTokenAnswer, TokenClient, TokenError } from '../../src/core/token-client.js';
import { macrotask, stubTokenEndpoint } from '../helpers/core-fixtures.js';

const never = () => new AbortController().signal;
const inSeconds = (s: number) => new Date(Date.now() + s * 1000).toISOString();

/** The same options object every time, as the uploader hands it: a new one per call would be a new source. */
const stable =
  <T>(options: T) =>
  () =>
    options;

/** Every client a test makes is disposed after it: a request left waiting must not keep its timer (or Node) alive. */
const clients: TokenClient[] = [];
class Client extends TokenClient {
  constructor(...args: ConstructorParameters<typeof TokenClient>) {
    super(...args);
    clients.push(this);
  }
}

describe('token client', () => {
  let endpoint: ReturnType<typeof stubTokenEndpoint> | undefined;
  afterEach(() => {
    endpoint?.restore();
    for (const client of clients.splice(0)) client.dispose();
  });

  it('asks the token endpoint with POST, JSON and the project id, honouring the credentials mode', async () => {
    endpoint = stubTokenEndpoint([{ body: { token: 'tok-1', expires_at: inSeconds(3600) } }]);
    const client = new Client(stable({ tokenUrl: '/token', tokenCredentials: 'include', projectId: 'p9' }));
    expect(await client.get('p9', never())).to.equal('tok-1');
    const [{ url, init }] = endpoint.calls;
    expect(url).to.equal('/token');
    expect(init.method).to.equal('POST');
    expect(init.credentials).to.equal('include');
    expect(init.headers).to.deep.equal({ Accept: 'application/json', 'Content-Type': 'application/json' });
    expect(JSON.parse(String(init.body))).to.deep.equal({ project_id: 'p9' });
  });

  it('sends project_id null when no project is set', async () => {
    endpoint = stubTokenEndpoint();
    await new Client(stable({ tokenUrl: '/token' })).get(undefined, never());
    expect(JSON.parse(String(endpoint.calls[0].init.body))).to.deep.equal({ project_id: null });
    expect(endpoint.calls[0].init.credentials).to.equal('same-origin');
  });

  it('shares one request between concurrent uploads and reuses the token', async () => {
    endpoint = stubTokenEndpoint([{ body: { token: 'shared', expires_at: inSeconds(3600) } }]);
    const client = new Client(stable({ tokenUrl: '/token' }));
    const tokens = await Promise.all([
      client.get(undefined, never()),
      client.get(undefined, never()),
      client.get(undefined, never()),
    ]);
    expect(tokens).to.deep.equal(['shared', 'shared', 'shared']);
    expect(await client.get(undefined, never())).to.equal('shared');
    expect(endpoint.calls.length).to.equal(1);
  });

  it('refreshes a token that expires within 30 seconds', async () => {
    endpoint = stubTokenEndpoint([
      { body: { token: 'old', expires_at: inSeconds(20) } },
      { body: { token: 'new', expires_at: inSeconds(3600) } },
    ]);
    const client = new Client(stable({ tokenUrl: '/token' }));
    expect(await client.get(undefined, never())).to.equal('old');
    expect(await client.get(undefined, never())).to.equal('new');
  });

  it('understands the OAuth shape with expires_in', async () => {
    endpoint = stubTokenEndpoint([
      { body: { access_token: 'oa', expires_in: 10 } },
      { body: { access_token: 'ob', expires_in: 3600 } },
    ]);
    const client = new Client(stable({ tokenUrl: '/token' }));
    expect(await client.get(undefined, never())).to.equal('oa');
    expect(await client.get(undefined, never())).to.equal('ob');
    expect(await client.get(undefined, never())).to.equal('ob');
  });

  it('keeps a token without expiry until it is invalidated after a 401', async () => {
    endpoint = stubTokenEndpoint([{ body: { token: 'a' } }, { body: { token: 'b' } }]);
    const client = new Client(stable({ tokenUrl: '/token' }));
    expect(await client.get(undefined, never())).to.equal('a');
    expect(await client.get(undefined, never())).to.equal('a');
    client.invalidate(undefined, 'stale-other');
    expect(await client.get(undefined, never())).to.equal('a');
    client.invalidate(undefined, 'a');
    expect(await client.get(undefined, never())).to.equal('b');
  });

  it('reports a non-2xx answer as token_failed with the endpoint message, retryable only on 5xx', async () => {
    endpoint = stubTokenEndpoint([{ status: 403, body: { error: 'Sign in to upload.' } }]);
    const err = await new Client(stable({ tokenUrl: '/token' })).get(undefined, never()).catch((e) => e);
    expect(err).to.be.instanceOf(TokenError);
    expect(err.error).to.deep.equal({
      code: 'token_failed',
      message: 'Sign in to upload.',
      retryable: false,
      status: 403,
    });
    endpoint.restore();

    endpoint = stubTokenEndpoint([{ status: 503, body: { message: 'Down for maintenance' } }]);
    const err5 = await new Client(stable({ tokenUrl: '/token' })).get(undefined, never()).catch((e) => e);
    expect(err5.error).to.include({
      code: 'token_failed',
      message: 'Down for maintenance',
      retryable: true,
      status: 503,
    });
  });

  it('treats a network failure as retryable and an unreadable answer as final', async () => {
    endpoint = stubTokenEndpoint([{ networkError: true }]);
    const err = await new Client(stable({ tokenUrl: '/token' })).get(undefined, never()).catch((e) => e);
    expect(err.error).to.include({ code: 'token_failed', retryable: true });
    endpoint.restore();

    for (const body of ['<html>oops</html>', '{}', '{"token": 5}']) {
      endpoint = stubTokenEndpoint([{ body }]);
      const bad = await new Client(stable({ tokenUrl: '/token' })).get(undefined, never()).catch((e) => e);
      expect(bad.error, body).to.include({ code: 'token_failed', retryable: false });
      endpoint.restore();
    }
    endpoint = undefined;
  });

  it('holds a token per project: one project never gets the token asked for another', async () => {
    let n = 0;
    const asked: (string | undefined)[] = [];
    const client = new Client(
      stable({
        getToken: async (req: { projectId?: string }) => (asked.push(req.projectId), `t${++n}-${req.projectId}`),
      }),
    );
    expect(await client.get('a', never())).to.equal('t1-a');
    expect(await client.get('b', never())).to.equal('t2-b');
    expect(await client.get('a', never())).to.equal('t1-a');
    expect(asked).to.deep.equal(['a', 'b']);
  });

  it('drops every token when the source or the default project changes, also one still being fetched', async () => {
    const options: { getToken: (req: { projectId?: string }) => Promise<string>; projectId?: string } = {
      getToken: async () => 'old',
    };
    const client = new Client(() => options);
    expect(await client.get(undefined, never())).to.equal('old');
    let release!: (token: string) => void;
    options.getToken = () => new Promise<string>((resolve) => (release = resolve));
    const waiting = client.get(undefined, never());
    await macrotask();
    options.getToken = async () => 'new';
    release('token-of-the-replaced-source');
    expect(await waiting).to.equal('new');
    options.projectId = 'p2';
    options.getToken = async (req) => `for-${req.projectId ?? 'none'}`;
    expect(await client.get('p2', never())).to.equal('for-p2');
  });

  it('fails clearly without a token-url or getToken', async () => {
    const err = await new Client(stable({})).get(undefined, never()).catch((e) => e);
    expect(err.error.code).to.equal('token_failed');
    expect(err.error.message).to.contain('token-url');
  });

  it('uses getToken instead of the endpoint, with the project id and a signal', async () => {
    const seen: unknown[] = [];
    const client = new Client(
      stable({
        tokenUrl: '/never',
        projectId: 'p1',
        getToken: async (req) => {
          seen.push(req);
          return seen.length === 1 ? { token: 'g1', expiresAt: Date.now() + 5000 } : 'g2';
        },
      }),
    );
    expect(await client.get('p1', never())).to.equal('g1');
    expect(await client.get('p1', never())).to.equal('g2');
    expect(await client.get('p1', never())).to.equal('g2');
    expect((seen[0] as { projectId: string }).projectId).to.equal('p1');
    expect((seen[0] as { signal: AbortSignal }).signal).to.be.instanceOf(AbortSignal);
  });

  it('turns a failing getToken into a retryable token_failed', async () => {
    const client = new Client(stable({ getToken: () => Promise.reject(new Error('csrf')) }));
    const err = await client.get(undefined, never()).catch((e) => e);
    expect(err.error).to.include({ code: 'token_failed', retryable: true });
    const empty = new Client(stable({ getToken: async () => '' }));
    expect((await empty.get(undefined, never()).catch((e) => e)).error.retryable).to.equal(false);
  });

  it('lets one waiter stop waiting without cancelling the shared request', async () => {
    let release!: (v: string) => void;
    const client = new Client(stable({ getToken: () => new Promise<string>((r) => (release = r)) }));
    const quitter = new AbortController();
    const first = client.get(undefined, quitter.signal).catch((e) => e);
    const second = client.get(undefined, never());
    quitter.abort(new Error('cancelled'));
    expect((await first).message).to.equal('cancelled');
    release('late');
    expect(await second).to.equal('late');
  });

  it('reads expiry given as a Date, a number or a string', () => {
    const at = Date.now() + 60_000;
    expect(parseTokenAnswer({ token: 't', expires_at: new Date(at).toISOString() }).expiresAt).to.equal(
      Math.floor(at / 1000) * 1000 + (at % 1000),
    );
    expect(parseTokenAnswer({ token: 't', expires_at: 'garbage' }).expiresAt).to.equal(undefined);
    expect(parseTokenAnswer({ access_token: 't', expires_in: null }, 0).expiresAt).to.equal(undefined);
  });

  it('reads a missing or null expiry as none, and expires_in as seconds from now', () => {
    expect(parseTokenAnswer({ token: 't', expires_at: null }).expiresAt).to.equal(undefined);
    expect(parseTokenAnswer({ token: 't' }).expiresAt).to.equal(undefined);
    expect(parseTokenAnswer({ access_token: 't', expires_in: 60 }, 1000).expiresAt).to.equal(61_000);
  });

  it('refuses a token that could not travel in a header, whatever surrounds it', () => {
    for (const token of [' tok', 'tok ', 'tok\n', 'to k', '']) {
      expect(() => parseTokenAnswer({ token }), JSON.stringify(token)).to.throw(TokenError);
    }
    const err = (() => {
      try {
        parseTokenAnswer({ token: 'tok\r\nX-Evil: 1' });
      } catch (e) {
        return e as TokenError;
      }
    })();
    expect(err?.error.retryable).to.equal(false);
    expect(err?.name).to.equal('TokenError');
  });

  it('keeps a token with more than 30 seconds left', async () => {
    endpoint = stubTokenEndpoint([
      { body: { token: 'first', expires_at: inSeconds(45) } },
      { body: { token: 'second', expires_at: inSeconds(3600) } },
    ]);
    const client = new Client(stable({ tokenUrl: '/token' }));
    expect(await client.get(undefined, never())).to.equal('first');
    expect(await client.get(undefined, never())).to.equal('first');
    expect(endpoint.calls.length).to.equal(1);
  });

  it('retries 5xx, 408 and 429 token answers, not other refusals or an unreadable 200', async () => {
    for (const [status, retryable] of [
      [500, true],
      [408, true],
      [429, true],
      [499, false],
      [404, false],
    ] as const) {
      endpoint = stubTokenEndpoint([{ status, body: { error: 'no' } }]);
      const err = await new Client(stable({ tokenUrl: '/token' })).get(undefined, never()).catch((e) => e);
      expect(err.error.retryable, String(status)).to.equal(retryable);
      endpoint.restore();
    }
    endpoint = stubTokenEndpoint([{ body: 'not json at all' }]);
    const err = await new Client(stable({ tokenUrl: '/token' })).get(undefined, never()).catch((e) => e);
    expect(err.error.retryable).to.equal(false);
    expect(err.error.status).to.equal(200);
  });

  it('gives up on a token request after the stall limit, and sets no limit when it is 0', async () => {
    const timers: { ms: number; fire: () => void }[] = [];
    const clock = {
      now: () => Date.now(),
      setTimeout: (fire: () => void, ms: number) => timers.push({ ms, fire }),
      clearTimeout: () => {},
    };
    const slow = () => new Promise<string>(() => {});
    const client = new Client(stable({ getToken: slow, stallTimeout: 5000 }), clock);
    const asked = client.get(undefined, never()).catch((e) => e);
    await macrotask();
    expect(timers.map((t) => t.ms)).to.deep.equal([5000]);
    timers[0].fire();
    const err = await asked;
    expect(err.error.code).to.equal('token_failed');
    expect(err.error.retryable).to.equal(true);
    timers.length = 0;
    void new Client(stable({ getToken: slow, stallTimeout: 0 }), clock).get(undefined, never()).catch(() => {});
    await macrotask();
    expect(timers).to.deep.equal([]);
  });

  it('answers a caller that stopped waiting at once, and forgets a token it never held without a fuss', async () => {
    const client = new Client(stable({ getToken: async () => 'tok' }));
    const stopped = new AbortController();
    stopped.abort(new Error('gone'));
    expect((await client.get(undefined, stopped.signal).catch((e) => e)).message).to.equal('gone');
    client.invalidate('nothing-held', 'tok');
    expect(await client.get(undefined, never())).to.equal('tok');
  });

  it('refuses a getToken answer without a sendable token, for good', async () => {
    for (const answer of [{ token: '' }, { token: 'a b' }, null, 42]) {
      const client = new Client(stable({ getToken: async () => answer as never }));
      const err = await client.get(undefined, never()).catch((e) => e);
      expect(err.error.retryable, JSON.stringify(answer)).to.equal(false);
    }
    const missing = await new Client(stable({})).get(undefined, never()).catch((e) => e);
    expect(missing.error.retryable).to.equal(false);
  });
});
