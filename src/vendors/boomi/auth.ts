import { HttpError } from '../../mock/errors.js';
import type { AuthContext, PresentedCredentials, Principal, VendorOptions } from '../../mock/types.js';
import type { BoomiState } from './state.js';

const PREFIX = 'BOOMI_TOKEN.';
export const DEFAULT_USER = 'dev@example.com';
export const DEFAULT_TOKEN = 'dev-api-token';
export const DEFAULT_ACCOUNT = 'dev-account';

/** The Basic user name: `BOOMI_TOKEN.` and the user's email (the option may carry the prefix already). */
export const basicUser = (options: VendorOptions) => {
  const user = String(options.user ?? DEFAULT_USER);
  return user.startsWith(PREFIX) ? user : PREFIX + user;
};
export const apiToken = (options: VendorOptions) => String(options.token ?? DEFAULT_TOKEN);
export const accountOf = (options: VendorOptions) => String(options.accountId ?? DEFAULT_ACCOUNT);

/**
 * Credentials first (401), then the account in the URL (403), then the `busy` option (503): Boomi
 * limits requests per account, so it must know the account before it can say it is busy. (A single
 * request asks for a 503 with `Prefer: status=503`, which the pipeline's fault injection answers.)
 */
export function authenticate(
  { basic }: PresentedCredentials,
  { path, op, options }: AuthContext<BoomiState>,
): Principal {
  if (!basic)
    throw new HttpError(401, 'Unauthorized: send HTTP Basic credentials (BOOMI_TOKEN.<user> and an API token)');
  if (basic.user !== basicUser(options) || basic.password !== apiToken(options)) {
    throw new HttpError(401, 'Unauthorized: unknown user or wrong API token');
  }
  const account = accountOf(options);
  if (path.accountId !== account) {
    throw new HttpError(403, `Access denied: the credentials do not belong to account ${String(path.accountId)}.`);
  }
  if (options.busy === true && '503' in op.responses) {
    throw new HttpError(503, 'The Boomi Platform API is busy (API rate limit exceeded). Retry the request later.');
  }
  return { user: basic.user.slice(PREFIX.length), accountId: account };
}
