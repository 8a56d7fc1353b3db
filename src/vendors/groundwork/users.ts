import type { operations } from '../../generated/groundwork.js';
import { HttpError } from '../../mock/errors.js';
import type { Handlers } from '../../mock/types.js';
import { openSession } from './auth.js';
import type { GroundworkState } from './state.js';
import { present } from '../../common/present.js';

/**
 * GroundWork 8's JSON login (the connector SDK's AuthenticatePassword): the same users and
 * sessions as POST /api/auth/login, the token issued to the request's GWOS-APP-NAME.
 */
export const userHandlers: Pick<Handlers<operations, GroundworkState>, 'authenticatePassword'> = {
  authenticatePassword: (req, { state, changed, now }) => {
    const { name, password } = req.body;
    if (name !== state.settings.user || password !== state.settings.password)
      throw new HttpError(401, 'Unknown user or wrong password');
    // The spec requires the header: validation has refused a request without it.
    const token = openSession(state, present(req.header['gwos-app-name'], 'GWOS-APP-NAME'), name, now());
    changed();
    return { status: 200, body: { name, accessToken: token } };
  },
};
