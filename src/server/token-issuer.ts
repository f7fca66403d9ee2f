/** What an issuer is asked for: who was authorised, and which project (if any) they upload into. */
export interface TokenIssuerContext {
  /** Hashed id of the project from the request body; absent when the client sent `null`. */
  projectId?: string;
  /** Who asked, as returned by `authorize` (also the rate-limit key). */
  subject: string;
}

/** A token for the browser and, when known, the moment it stops working. */
export interface IssuedToken {
  token: string;
  /** When the token expires; the client refreshes shortly before. Omit when it never expires. */
  expiresAt?: Date;
}

/** Produces a token the browser sends to Wistia as `Authorization: Bearer <token>`. */
export type TokenIssuer = (context: TokenIssuerContext) => Promise<IssuedToken>;

/** Why an issuer failed, in words an operator can act on. */
export type TokenIssuerFailure =
  | 'upstream_unauthorized'
  | 'upstream_rejected'
  | 'upstream_not_implemented'
  | 'upstream_error'
  | 'upstream_unreachable'
  | 'upstream_timeout'
  | 'upstream_invalid_response';

/**
 * An issuer's failure. `message` is for the operator (through `onError`, secrets already removed);
 * `publicMessage` is the only part the browser ever sees.
 */
export class TokenIssuerError extends Error {
  override readonly name = 'TokenIssuerError';
  readonly reason: TokenIssuerFailure;
  /** HTTP status of the upstream answer, when there was one. */
  readonly status: number | undefined;
  /** True when asking again later may work (upstream 5xx, network, timeout). */
  readonly retryable: boolean;
  readonly publicMessage: string;

  constructor(
    reason: TokenIssuerFailure,
    message: string,
    options: { publicMessage: string; status?: number; retryable?: boolean; cause?: unknown },
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.reason = reason;
    this.status = options.status;
    this.retryable = options.retryable ?? false;
    this.publicMessage = options.publicMessage;
  }
}
