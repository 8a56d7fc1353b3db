import { randomUUID } from 'node:crypto';
import type { operations } from '../../generated/groundwork.js';
import { HttpError } from '../../mock/errors.js';
import type { AuthContext, Handlers, PresentedCredentials, Principal } from '../../mock/types.js';
import type { GroundworkState } from './state.js';

type AuthOperations = 'login' | 'logout' | 'validateToken';

/** Is the token good for this application? The demo token is good for any. */
function sessionUser(state: GroundworkState, token: string, appName: string): string | undefined {
  if (token === state.settings.demoToken) return state.settings.user;
  const session = state.sessions.get(token);
  return session && session.appName === appName ? session.user : undefined;
}

/**
 * Every operation but the auth ones needs both headers: a missing one is a malformed request (400),
 * a token that is unknown, logged out or issued to another application is refused (401).
 */
export function authenticate({ apiKeys }: PresentedCredentials, { state }: AuthContext<GroundworkState>): Principal {
  const token = apiKeys.GwosApiToken;
  const appName = apiKeys.GwosAppName;
  if (!token) throw new HttpError(400, 'GWOS-API-TOKEN header is required');
  if (!appName) throw new HttpError(400, 'GWOS-APP-NAME header is required');
  const user = sessionUser(state, token, appName);
  if (user === undefined) {
    const session = state.sessions.get(token);
    throw new HttpError(401, session ? `Invalid token: it was issued to application '${session.appName}', not '${appName}'` : 'Invalid token');
  }
  return { user, appName };
}

export const authHandlers: Pick<Handlers<operations, GroundworkState>, AuthOperations> = {
  login: (req, { state, changed }) => {
    const { user, password } = req.body;
    if (user !== state.settings.user || password !== state.settings.password) {
      throw new HttpError(404, 'Unknown user or wrong password');
    }
    const token = randomUUID();
    state.sessions.set(token, { token, appName: req.body['gwos-app-name'], user });
    changed();
    return { status: 200, body: token };
  },

  logout: (req, { state, changed }) => {
    const token = req.body['gwos-api-token'];
    const appName = req.body['gwos-app-name'];
    if (sessionUser(state, token, appName) === undefined) throw new HttpError(401, 'Invalid token');
    // The demo token is configuration, not a session: logging it out changes nothing.
    state.sessions.delete(token);
    changed();
    return { status: 200, body: 'true' };
  },

  validateToken: (req, { state }) => ({
    status: 200,
    body: sessionUser(state, req.body['gwos-api-token'], req.body['gwos-app-name']) === undefined ? 'false' : 'true',
  }),
};
