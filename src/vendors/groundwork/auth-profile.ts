import type { AuthProfile } from '../descriptor.js';

/** How a GroundWork client authenticates: a form login for a token, sent with the app name. */
export const GROUNDWORK_AUTH: AuthProfile = {
  variables: ['appName'],
  login: {
    operation: 'login',
    form: { user: '{{user}}', password: '{{password}}', 'gwos-app-name': '{{appName}}' },
    token: 'body',
  },
  apiKeys: { GwosApiToken: '{{token}}', GwosAppName: '{{appName}}' },
  // A run leaves no session open: GroundWork keeps a token until it is logged out or expires.
  logout: { operation: 'logout', form: { 'gwos-app-name': '{{appName}}', 'gwos-api-token': '{{token}}' } },
};
