import type { operations } from '../../generated/groundwork.js';
import type { VendorCors } from '../../mock/cors.js';
import { optionsSchema } from '../../mock/options-schema.js';
import type { Handlers, VendorModule } from '../../mock/types.js';
import { authenticate, authHandlers } from './auth.js';
import { bizHandlers } from './biz.js';
import { dump, serialize } from './dump.js';
import { load } from './load.js';
import {
  createState,
  DEFAULT_AUTOCOMPLETE_LIMIT,
  DEFAULT_DEMO_TOKEN,
  DEFAULT_MAX_SESSIONS,
  DEFAULT_PASSWORD,
  DEFAULT_TOKEN_IDLE_SECONDS,
  DEFAULT_USER,
  settingsFrom,
} from './fixtures.js';
import { writeHandlers } from './host-writes.js';
import { readHandlers } from './hosts.js';
import { serviceHandlers } from './services.js';
import { downtimeHandlers } from './downtime.js';
import { agentHandlers } from './agents.js';
import { connectorHandlers } from './connector.js';
import { eventHandlers } from './events.js';
import { hostGroupHandlers } from './hostgroups.js';
import { userHandlers } from './users.js';
import type { GroundworkState } from './state.js';
import { groundworkDescriptor } from './descriptor.js';

const handlers: Handlers<operations, GroundworkState> = {
  ...authHandlers,
  ...readHandlers,
  ...writeHandlers,
  ...serviceHandlers,
  ...bizHandlers,
  ...downtimeHandlers,
  ...userHandlers,
  ...connectorHandlers,
  ...eventHandlers,
  ...hostGroupHandlers,
  ...agentHandlers,
};

/**
 * The Foundation webapp's `AuthFilter` (mapped to `/api/*`) answers every `OPTIONS` itself (status
 * left at 200, no body; without an `Origin` it adds no header) and adds these four headers, echoing any `Origin`, to every answer that
 * reaches a resource, errors included (it re-adds them when a response is reset). Its own
 * rejections (400 without token or app name, 401 for a bad token) are answered before the headers
 * are added, so a browser sees those as CORS failures.
 */
const cors: VendorCors = {
  allowHeaders: ['Content-Type', 'X-Requested-With', 'Access', 'GWOS-API-TOKEN', 'GWOS-APP-NAME'],
  allowMethods: ['GET', 'PUT', 'POST', 'DELETE', 'OPTIONS'],
  credentials: true,
  preflightStatus: 200,
  answersEveryOptions: true,
  allowsOnEveryAnswer: true,
  onAuthFailures: false,
  source:
    'wang-shun/groundwork-trunk@ea1ca766fd690e75c3ee1ebe0ec17411bc651a76 groundwork-monitor-platform/enterprise-foundation/collagerest-server/src/main/java/org/groundwork/rs/auth/AuthFilter.java (doFilter, addCorsHeaders); ' +
    'mapped to /api/* by groundwork-monitor-platform/enterprise-foundation/webapps/foundation/src/main/webapp/WEB-INF/web.xml',
};

/**
 * GroundWork Monitor's Foundation REST API: Host APIs (vendor document 002, ch. 2), Biz feeder (vendor document 001,
 * ch. 30) and the token login every client performs first.
 */
export const groundwork: VendorModule<GroundworkState> = {
  ...groundworkDescriptor,
  createState,
  dumpState: dump,
  loadState: load,
  // A state file's hosts are read one batch at a time: 100,000 of them are 300 MB of JSON.
  streamedLists: ['hosts'],
  streamedNames: { hosts: 'hostName' },
  serializeState: (state) => serialize(state),
  authenticate,
  errorBody: (error) => ({ error: error.message, status: error.status }),
  errorSchema: 'Error',
  handlers,
  cors,
  options: optionsSchema({
    user: { type: 'string', default: DEFAULT_USER, description: 'POST /api/auth/login user' },
    password: { type: 'string', default: DEFAULT_PASSWORD, description: 'POST /api/auth/login password' },
    token: {
      type: 'string',
      default: DEFAULT_DEMO_TOKEN,
      description: 'a GWOS-API-TOKEN accepted with any application name, without logging in',
    },
    autocompleteLimit: {
      type: 'integer',
      minimum: 1,
      default: DEFAULT_AUTOCOMPLETE_LIMIT,
      description: 'names GET /api/hosts/autocomplete answers at most',
    },
    tokenIdleSeconds: {
      type: 'integer',
      minimum: 1,
      default: DEFAULT_TOKEN_IDLE_SECONDS,
      description: 'a login token expires after this many seconds unused (GroundWork: 8 hours)',
    },
    maxSessions: {
      type: 'integer',
      minimum: 1,
      default: DEFAULT_MAX_SESSIONS,
      description: 'live login tokens at most; a login at the limit drops them all, as GroundWork does',
    },
  }),
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
