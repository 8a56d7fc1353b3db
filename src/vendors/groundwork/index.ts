import type { operations } from '../../generated/groundwork.js';
import type { Handlers, VendorModule } from '../../mock/types.js';
import { authenticate, authHandlers } from './auth.js';
import { bizHandlers } from './biz.js';
import { dump, serialize } from './dump.js';
import { load } from './load.js';
import { createState, settingsFrom } from './fixtures.js';
import { writeHandlers } from './host-writes.js';
import { readHandlers } from './hosts.js';
import type { GroundworkState } from './state.js';

const handlers: Handlers<operations, GroundworkState> = {
  ...authHandlers,
  ...readHandlers,
  ...writeHandlers,
  ...bizHandlers,
};

/**
 * GroundWork Monitor's Foundation REST API: Host APIs (seed 002, ch. 2), Biz feeder (seed 001,
 * ch. 30) and the token login every client performs first. Options: `user`, `password` (login),
 * `token` (a demo token accepted with any application name), `autocompleteLimit`.
 */
export const groundwork: VendorModule<GroundworkState> = {
  vendor: 'groundwork',
  title: 'GroundWork Monitor',
  createState,
  dumpState: dump,
  loadState: load,
  serializeState: (state) => serialize(state),
  authenticate,
  errorBody: (error) => ({ error: error.message, status: error.status }),
  errorSchema: 'Error',
  handlers,
  credentials: (options) => {
    const { user, password, demoToken } = settingsFrom(options);
    return {
      summary:
        `user ${user} / password ${password} (POST /api/auth/login), ` +
        `or headers GWOS-API-TOKEN: ${demoToken}, GWOS-APP-NAME: <any>`,
    };
  },
};

export type { GroundworkState } from './state.js';
