import type { operations } from '../../generated/polarity.js';
import { PERMISSIVE_CORS } from '../../mock/cors.js';
import { HttpError } from '../../mock/errors.js';
import { optionsSchema } from '../../mock/options-schema.js';
import type { Handlers, VendorModule } from '../../mock/types.js';
import {
  authenticate,
  DEFAULT_MAX_SESSIONS,
  DEFAULT_PASSWORD,
  DEFAULT_TOKEN,
  DEFAULT_TOKEN_TTL_SECONDS,
  DEFAULT_USER,
  fixedToken,
  live,
  loginConfig,
  openSession,
} from './auth.js';
import { errorDocument } from './errors.js';
import { fixtureState } from './fixtures.js';
import { JSONAPI, viewOf } from './models.js';
import { dump, load, type PolarityState } from './state.js';
import { polarityDescriptor } from './descriptor.js';
import { present } from '../../common/present.js';

function integrationOr404(state: PolarityState, id: string) {
  const found = viewOf(state).byId(id);
  if (!found) throw new HttpError(404, `No integration with id ${id}`);
  return found;
}

const handlers: Handlers<operations, PolarityState> = {
  login: (req, { state, now, changed }) => {
    const session = openSession(state, req.body.identification, req.body.password, now());
    changed();
    return {
      status: 200,
      body: {
        data: {
          token: session.token,
          expiration_time: session.expires,
          users: { username: session.user, email: session.user, 'is-admin': true },
        },
      },
    };
  },

  listIntegrations: live((req, { state }) => {
    const status = req.query['filter[integration.status]'];
    const withErrors = req.query['filter[integration.integration-errors]'];
    // The pipeline has filled in the spec's defaults (page 1, size 100).
    const number = present(req.query['page[number]'], 'page[number]');
    const size = present(req.query['page[size]'], 'page[size]');
    return { status: 200, body: viewOf(state).list(req.origin, { status, withErrors }, number, size) };
  }),

  getAllIntegrationErrors: live((_req, { state }) => ({
    status: 200,
    body: { data: viewOf(state).errorModelsOf(), jsonapi: JSONAPI },
  })),

  getIntegration: live((req, { state }) => ({
    status: 200,
    body: { data: integrationOr404(state, req.path.integrationId), jsonapi: JSONAPI },
  })),

  listIntegrationErrors: live((req, { state }) => ({
    status: 200,
    body: { data: viewOf(state).errorModelsOf(req.query['filter[integration.id]']), jsonapi: JSONAPI },
  })),

  listIntegrationOptions: live((req, { state }) => ({
    status: 200,
    body: { data: viewOf(state).optionModelsOf(req.query['filter[integration.id]']), jsonapi: JSONAPI },
  })),

  getIntegrationError: live((req, { state }) => {
    const { integrationId, errorId } = req.path;
    integrationOr404(state, integrationId);
    const error = viewOf(state).errorModelOf(integrationId, errorId);
    if (!error) throw new HttpError(404, `Integration ${integrationId} has no error with id ${errorId}`);
    return { status: 200, body: { data: error, jsonapi: JSONAPI } };
  }),
};

export const polarity: VendorModule<PolarityState> = {
  ...polarityDescriptor,
  createState: (fixtures, options) => fixtureState(fixtures === 'empty', loginConfig(options)),
  dumpState: dump,
  loadState: (value, options) => load(value, loginConfig(options)),
  authenticate,
  errorBody: errorDocument,
  errorSchema: 'ErrorDocument',
  errorHeaders: (error): Record<string, string> =>
    error.status === 401 ? { 'WWW-Authenticate': 'Bearer realm="Polarity"' } : {},
  handlers,
  // No public source shows how Polarity's server answers CORS: Prism's permissive default.
  cors: { ...PERMISSIVE_CORS, source: `no public evidence of Polarity's CORS: ${PERMISSIVE_CORS.source}` },
  options: optionsSchema({
    user: { type: 'string', default: DEFAULT_USER, description: 'POST /api/users/login user name' },
    password: { type: 'string', default: DEFAULT_PASSWORD, description: 'POST /api/users/login password' },
    token: { type: 'string', default: DEFAULT_TOKEN, description: 'a bearer token accepted without logging in' },
    tokenTtlSeconds: {
      type: 'integer',
      minimum: 1,
      default: DEFAULT_TOKEN_TTL_SECONDS,
      description: 'lifetime of a login token, in seconds',
    },
    maxSessions: {
      type: 'integer',
      minimum: 1,
      default: DEFAULT_MAX_SESSIONS,
      description: 'live login tokens at most; past it the oldest goes',
    },
  }),
  credentials: (options) => {
    const { user, password } = loginConfig(options);
    return { summary: `Bearer ${fixedToken(options)}, or POST /api/users/login as ${user}/${password}` };
  },
};
