import type { operations } from '../../generated/boomi.js';
import { PERMISSIVE_CORS, type VendorCors } from '../../mock/cors.js';
import { optionsSchema } from '../../mock/options-schema.js';
import type { Handler, Handlers, VendorModule, VendorOptions } from '../../mock/types.js';
import { listIssues } from '../../spec/ajv.js';
import { accountOf, apiToken, authenticate, basicUser, DEFAULT_ACCOUNT, DEFAULT_TOKEN, DEFAULT_USER } from './auth.js';
import { changeListenerStatus, requestOf } from './change.js';
import { requireContainer, select } from './filter.js';
import { fixtureState } from './fixtures.js';
import { focusExpressionIssues } from './issues.js';
import { dump, load, type BoomiConfig, type BoomiState, type Listener, type ListenerStatus } from './state.js';
import { collect, issue } from './tokens.js';
import { boomiDescriptor } from './descriptor.js';

const DEFAULT_PENDING_POLLS = 0;
const DEFAULT_TOKEN_TTL_SECONDS = 30 * 60;
/**
 * Live async tokens at most. Boomi limits an account to 10 requests a second, so no more than 18,000
 * tokens can be alive within their 30 minutes; the mock has no rate limit, so it bounds them itself.
 */
const DEFAULT_MAX_TOKENS = 20_000;

const configOf = (options: VendorOptions): BoomiConfig => ({
  accountId: accountOf(options),
  pendingPolls: Number(options.pendingPolls ?? DEFAULT_PENDING_POLLS),
  tokenTtlSeconds: Number(options.tokenTtlSeconds ?? DEFAULT_TOKEN_TTL_SECONDS),
  maxTokens: Number(options.maxTokens ?? DEFAULT_MAX_TOKENS),
});

/**
 * Each listener's status as a result lists it: one frozen object per listener, shared by every token
 * issued while the listener reads the same, and made anew once it reads otherwise (its status
 * changed), so that a token keeps the status it was issued with. Shared and frozen, its JSON is
 * spelled once (spec/codec.ts encodeJson) and a query allocates no copy per listener: a token keeps
 * its result for half an hour, so the copies lived long enough to be collected from the old generation.
 */
const statuses = new WeakMap<Listener, Readonly<ListenerStatus>>();

function statusOf(listener: Listener): ListenerStatus {
  const known = statuses.get(listener);
  if (
    known?.status === listener.status &&
    known.listenerId === listener.listenerId &&
    known.connectorType === listener.connectorType
  )
    return known;
  const status = Object.freeze({
    '@type': 'ListenerStatus' as const,
    listenerId: listener.listenerId,
    status: listener.status,
    connectorType: listener.connectorType,
  });
  statuses.set(listener, status);
  return status;
}

/** The result of the last QUERY of each state, frozen. */
const lastResults = new WeakMap<BoomiState, readonly ListenerStatus[]>();

/**
 * A QUERY's result, the very array of the state's last QUERY when it lists the same statuses: a poller
 * asks the same query again and again, and each token kept its own copy for half an hour.
 */
function sharedResult(state: BoomiState, result: ListenerStatus[]): ListenerStatus[] {
  const last = lastResults.get(state);
  if (last?.length === result.length && last.every((status, i) => status === result[i]))
    return last as ListenerStatus[];
  lastResults.set(state, Object.freeze(result));
  return result;
}

const query: Handler<operations['queryListenerStatus'], BoomiState> = (req, { state, now, changed }) => {
  const { expression } = req.body.QueryFilter;
  requireContainer(expression);
  const result = sharedResult(state, select(state, expression).map(statusOf));
  const token = issue(state, result, now().getTime());
  changed();
  return {
    status: 200,
    body: {
      '@type': 'AsyncOperationTokenResult',
      asyncToken: { '@type': 'AsyncToken', token },
      responseStatusCode: 202,
    },
  };
};

const result: Handler<operations['getListenerStatusResult'], BoomiState> = (req, { state, now, changed }) => {
  const collected = collect(state, req.path.token, now().getTime());
  changed();
  switch (collected.kind) {
    case 'pending':
      return { status: 202, body: { responseStatusCode: 202 } };
    case 'consumed':
      return { status: 204 };
    case 'ready': {
      const { result, queryToken } = collected;
      return {
        status: 200,
        body: {
          '@type': 'AsyncOperationResult',
          result,
          numberOfResults: result.length,
          responseStatusCode: 200,
          ...(queryToken ? { queryToken } : {}),
        },
      };
    }
  }
};

const handlers: Handlers<operations, BoomiState> = {
  queryListenerStatus: query,
  queryListenerStatusLegacy: query,
  getListenerStatusResult: result,
  getListenerStatusResultLegacy: result,
  changeListenerStatus: (req, { state, changed }) => {
    changeListenerStatus(state, requestOf(req.body));
    changed();
    return { status: 200 };
  },
};

/**
 * Boomi's Platform API answers CORS to the origins an account's CORS rules list (an exact origin or
 * `*.domain`, never a bare `*`), for the methods each rule allows: GET, POST, DELETE. Preflights are
 * not authenticated and may be cached for an hour. The mock answers as if the account had a rule for
 * the calling origin with all three methods; the headers it allows are not documented, so the
 * requested ones are (as Prism does).
 */
const cors: VendorCors = {
  ...PERMISSIVE_CORS,
  allowMethods: ['GET', 'POST', 'DELETE'],
  maxAgeSeconds: 3600,
  source:
    'https://help.boomi.com/docs/Atomsphere/Platform/r-atm-CORS_Rules_for_RESTish_requests_761bbf09-3545-4de3-8899-ea1cf089d411 (Using CORS rules for RESTish requests); rules: Settings > Boomi Platform API > CORS',
};

export const boomi: VendorModule<BoomiState> = {
  ...boomiDescriptor,
  createState: (fixtures, options) => fixtureState(fixtures === 'empty', configOf(options)),
  dumpState: dump,
  loadState: (value, options) => load(value, configOf(options)),
  authenticate,
  errorBody: (error) => {
    const issues = error.options.issues ?? [];
    return { message: issues.length > 0 ? listIssues(focusExpressionIssues(issues)).join('; ') : error.message };
  },
  errorSchema: 'Error',
  errorHeaders: (error): Record<string, string> =>
    error.status === 401 ? { 'WWW-Authenticate': 'Basic realm="Boomi"' } : {},
  handlers,
  cors,
  options: optionsSchema({
    user: { type: 'string', default: DEFAULT_USER, description: 'the user of the Basic name BOOMI_TOKEN.<user>' },
    token: { type: 'string', default: DEFAULT_TOKEN, description: 'the API token, the Basic password' },
    accountId: {
      type: 'string',
      default: DEFAULT_ACCOUNT,
      description: 'the account in the URL the credentials belong to',
    },
    pendingPolls: {
      type: 'integer',
      minimum: 0,
      default: DEFAULT_PENDING_POLLS,
      description: 'GETs of a fresh async token answered 202 before its result',
    },
    tokenTtlSeconds: {
      type: 'integer',
      minimum: 1,
      default: DEFAULT_TOKEN_TTL_SECONDS,
      description: 'lifetime of an async token, in seconds',
    },
    maxTokens: {
      type: 'integer',
      minimum: 1,
      default: DEFAULT_MAX_TOKENS,
      description: 'live async tokens at most; past it the oldest are forgotten (410)',
    },
    busy: {
      type: 'boolean',
      default: false,
      description: 'answer every authenticated request 503, as a rate-limited account',
    },
  }),
  credentials: (options) => ({
    summary: `HTTP Basic ${basicUser(options)}:${apiToken(options)}, account ${accountOf(options)}`,
  }),
};
