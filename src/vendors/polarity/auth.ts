import { randomToken } from '../../core/random.js';
import { HttpError } from '../../mock/errors.js';
import type { AuthContext, Handler, PresentedCredentials, Principal, VendorOptions } from '../../mock/types.js';
import type { LoginConfig, PolarityState } from './state.js';

export const DEFAULT_USER = 'admin@example.com';
export const DEFAULT_PASSWORD = 'admin';
/** The token the vendor document's examples send (`get_integrations('my-auth-token', ...)`). */
export const DEFAULT_TOKEN = 'my-auth-token';
/**
 * Polarity documents that a login answer carries the token's `expiration_time` but not how long a
 * token lives, and its server is not public: a day is understudy's choice (`tokenTtlSeconds`).
 */
export const DEFAULT_TOKEN_TTL_SECONDS = 24 * 60 * 60;
/** Live login tokens at most (understudy's bound, no vendor evidence): the oldest goes first. */
export const DEFAULT_MAX_SESSIONS = 10_000;

export const loginConfig = (options: VendorOptions): LoginConfig => ({
  user: String(options.user ?? DEFAULT_USER),
  password: String(options.password ?? DEFAULT_PASSWORD),
  tokenTtlSeconds: Number(options.tokenTtlSeconds ?? DEFAULT_TOKEN_TTL_SECONDS),
  maxSessions: Number(options.maxSessions ?? DEFAULT_MAX_SESSIONS),
});

export const fixedToken = (options: VendorOptions) => String(options.token ?? DEFAULT_TOKEN);

export function authenticate(
  { bearer }: PresentedCredentials,
  { state, options }: AuthContext<PolarityState>,
): Principal {
  if (!bearer)
    throw new HttpError(
      401,
      'Authentication required: send Authorization: Bearer <token> (POST /api/users/login issues one)',
    );
  if (bearer === fixedToken(options)) return { user: state.config.user };
  const session = state.sessions.get(bearer);
  if (!session) throw new HttpError(401, 'The bearer token is not valid');
  return { user: session.user, expires: session.expires };
}

/**
 * Login tokens expire; authentication has no clock, so each handler first checks the expiry
 * against the mock's `now()`, which tests control.
 */
export function live<O>(handler: Handler<O, PolarityState>): Handler<O, PolarityState> {
  return (req, ctx) => {
    const expires = req.principal?.expires;
    if (typeof expires === 'number' && ctx.now().getTime() >= expires * 1000) {
      throw new HttpError(401, `The bearer token expired at ${new Date(expires * 1000).toISOString()}: log in again`);
    }
    return handler(req, ctx);
  };
}

/**
 * Checks a login and opens a session. Sessions that have expired are dropped as new ones open, from
 * the oldest (all live equally long, so the oldest expire first: the sweep stops at the first live
 * one), and past `maxSessions` the oldest live ones go too.
 */
export function openSession(state: PolarityState, identification: string, password: string, now: Date) {
  const { config, sessions } = state;
  if (identification !== config.user || password !== config.password)
    throw new HttpError(401, 'Invalid username or password');
  const seconds = Math.floor(now.getTime() / 1000);
  for (const [token, session] of sessions) {
    if (session.expires > seconds && sessions.size < config.maxSessions) break;
    sessions.delete(token);
  }
  const session = { token: randomToken(24), user: identification, expires: seconds + config.tokenTtlSeconds };
  sessions.set(session.token, session);
  return session;
}
