import { decodeBase64 } from '../../core/base64.js';
import { randomUuid } from '../../core/random.js';
import type { operations } from '../../generated/groundwork.js';
import { HttpError } from '../../mock/errors.js';
import type { AuthContext, Handlers, PresentedCredentials, Principal } from '../../mock/types.js';
import type { GroundworkState, Session } from './state.js';

type AuthOperations = 'login' | 'logout' | 'validateToken';

/**
 * The live session of a token, its idle time renewed; a token unused for longer than
 * `tokenIdleSeconds` is forgotten, as GroundWork's ExpiringMap forgets it (every check is a get,
 * and a get renews it).
 */
function liveSession(state: GroundworkState, token: string, now: Date): Session | undefined {
  const session = state.sessions.get(token);
  if (!session) return undefined;
  const at = now.getTime();
  if (at - session.lastUsed >= state.settings.tokenIdleSeconds * 1000) {
    state.sessions.delete(token);
    return undefined;
  }
  session.lastUsed = at;
  return session;
}

/** Is the token good for this application? The demo token is good for any. */
function sessionUser(state: GroundworkState, token: string, appName: string, now: Date): string | undefined {
  if (token === state.settings.demoToken) return state.settings.user;
  const session = liveSession(state, token, now);
  return session && session.appName === appName ? session.user : undefined;
}

/**
 * As the server's auth filter does: the application name from `GWOS-APP-NAME`, or from `APP-NAME`
 * when that is missing or empty; no token header or no application name at all is a malformed
 * request (400), a token that is empty, unknown, expired, logged out or issued to another
 * application is refused (401).
 */
export function authenticate(
  { apiKeys }: PresentedCredentials,
  { state, now }: AuthContext<GroundworkState>,
): Principal {
  const token = apiKeys.GwosApiToken;
  const appName = apiKeys.GwosAppName || apiKeys.AppName;
  if (token === undefined) throw new HttpError(400, 'GWOS-API-TOKEN header is required');
  if (appName === undefined) throw new HttpError(400, 'GWOS-APP-NAME header is required');
  const user = sessionUser(state, token, appName, now());
  if (user === undefined) {
    const session = state.sessions.get(token);
    throw new HttpError(
      401,
      session ? `Invalid token: it was issued to application '${session.appName}', not '${appName}'` : 'Invalid token',
    );
  }
  return { user, appName };
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** The text a Base64 value encodes, if it is Base64 of UTF-8 text. */
function fromBase64(value: string): string | undefined {
  if (!BASE64.test(value)) return undefined;
  try {
    return strictUtf8.decode(decodeBase64(value));
  } catch {
    return undefined;
  }
}

/**
 * A login field matches a credential as sent (GroundWork's Go SDK) or Base64-decoded (the vendor's
 * documented form, and what its Java client sends). Each field is read on its own: the Java client
 * can encode the user but send the password as typed (`PasswordEncodingType.none`).
 */
const matches = (sent: string, expected: string): boolean => sent === expected || fromBase64(sent) === expected;

/** A new token for the application, as GroundWork's AuthService.makeAccessToken issues it (both logins use it). */
export function openSession(state: GroundworkState, appName: string, user: string, now: Date): string {
  // At the limit every token is dropped and clients log in again.
  if (state.sessions.size >= state.settings.maxSessions) state.sessions.clear();
  const token = randomUuid();
  state.sessions.set(token, { token, appName, user, lastUsed: now.getTime() });
  return token;
}

export const authHandlers: Pick<Handlers<operations, GroundworkState>, AuthOperations> = {
  login: (req, { state, changed, now }) => {
    const { user, password } = req.body;
    if (!matches(user, state.settings.user) || !matches(password, state.settings.password)) {
      throw new HttpError(404, 'Invalid username or password');
    }
    const token = openSession(state, req.body['gwos-app-name'], state.settings.user, now());
    changed();
    return { status: 200, body: token };
  },

  logout: (req, { state, changed, now }) => {
    const token = req.body['gwos-api-token'];
    const appName = req.body['gwos-app-name'];
    if (sessionUser(state, token, appName, now()) === undefined) throw new HttpError(404, 'Invalid gwos-api-token');
    // The demo token is configuration, not a session: logging it out changes nothing.
    state.sessions.delete(token);
    changed();
    return { status: 200, body: 'true' };
  },

  validateToken: (req, { state, now }) => ({
    status: 200,
    body:
      sessionUser(state, req.body['gwos-api-token'], req.body['gwos-app-name'], now()) === undefined ? 'false' : 'true',
  }),
};
