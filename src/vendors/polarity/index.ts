import type { operations } from '../../generated/polarity.js';
import { HttpError } from '../../mock/errors.js';
import type { Handlers, VendorModule } from '../../mock/types.js';
import { authenticate, fixedToken, live, loginConfig, openSession } from './auth.js';
import { errorDocument } from './errors.js';
import { fixtureState } from './fixtures.js';
import { errorModel, errorsOf, integrationModel, JSONAPI, optionModel } from './models.js';
import { paginate } from './paging.js';
import { dump, load, type PolarityState } from './state.js';

function integrationOr404(state: PolarityState, id: string) {
  const integration = state.integrations.find((i) => i.id === id);
  if (!integration) throw new HttpError(404, `No integration with id ${id}`);
  return integration;
}

const handlers: Handlers<operations, PolarityState> = {
  login: (req, { state, now, changed }) => {
    const session = openSession(state, req.body.identification, req.body.password, now());
    changed();
    return {
      status: 200,
      body: { data: { token: session.token, expiration_time: session.expires, users: { username: session.user, email: session.user, 'is-admin': true } } },
    };
  },

  listIntegrations: live((req, { state }) => {
    const status = req.query['filter[integration.status]'];
    const withErrors = req.query['filter[integration.integration-errors]'];
    const filters: Record<string, string> = {};
    if (status !== undefined) filters['filter[integration.status]'] = status;
    if (withErrors !== undefined) filters['filter[integration.integration-errors]'] = String(withErrors);
    const matching = state.integrations.filter(
      (i) => (status === undefined || i.attributes.status === status) && (withErrors === undefined || errorsOf(state, i.id).length > 0 === withErrors),
    );
    // The pipeline has filled in the spec's defaults (page 1, size 100).
    const page = paginate(matching, req.query['page[number]']!, req.query['page[size]']!, { origin: req.origin, path: '/api/integrations', filters });
    return { status: 200, body: { data: page.data.map((i) => integrationModel(state, i)), meta: page.meta, links: page.links, jsonapi: JSONAPI } };
  }),

  getAllIntegrationErrors: live((_req, { state }) => ({ status: 200, body: { data: state.errors.map(errorModel), jsonapi: JSONAPI } })),

  getIntegration: live((req, { state }) => ({
    status: 200,
    body: { data: integrationModel(state, integrationOr404(state, req.path.integrationId)), jsonapi: JSONAPI },
  })),

  listIntegrationErrors: live((req, { state }) => {
    const id = req.query['filter[integration.id]'];
    const errors = id === undefined ? state.errors : errorsOf(state, id);
    return { status: 200, body: { data: errors.map(errorModel), jsonapi: JSONAPI } };
  }),

  listIntegrationOptions: live((req, { state }) => {
    const id = req.query['filter[integration.id]'];
    const integrations = state.integrations.filter((i) => id === undefined || i.id === id);
    return { status: 200, body: { data: integrations.flatMap((i) => i.options.map((o) => optionModel(i.id, o))), jsonapi: JSONAPI } };
  }),

  getIntegrationError: live((req, { state }) => {
    const { integrationId, errorId } = req.path;
    integrationOr404(state, integrationId);
    const error = errorsOf(state, integrationId).find((e) => e.id === errorId);
    if (!error) throw new HttpError(404, `Integration ${integrationId} has no error with id ${errorId}`);
    return { status: 200, body: { data: errorModel(error), jsonapi: JSONAPI } };
  }),
};

export const polarity: VendorModule<PolarityState> = {
  vendor: 'polarity',
  title: 'Polarity',
  createState: (fixtures, options) => fixtureState(fixtures === 'empty', loginConfig(options)),
  dumpState: dump,
  loadState: (value, options) => load(value, loginConfig(options)),
  authenticate,
  errorBody: errorDocument,
  errorSchema: 'ErrorDocument',
  errorHeaders: (error): Record<string, string> => (error.status === 401 ? { 'WWW-Authenticate': 'Bearer realm="Polarity"' } : {}),
  handlers,
  credentials: (options) => {
    const { user, password } = loginConfig(options);
    return { summary: `Bearer ${fixedToken(options)}, or POST /api/users/login as ${user}/${password}` };
  },
};
