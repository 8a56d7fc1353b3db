import type { operations } from '../../generated/moogsoft.js';
import { PERMISSIVE_CORS } from '../../mock/cors.js';
import { HttpError } from '../../mock/errors.js';
import { optionsSchema } from '../../mock/options-schema.js';
import type { Handlers, VendorModule } from '../../mock/types.js';
import {
  dump,
  fixtureState,
  globalStatus,
  leastLoadedBroker,
  load,
  type Instance,
  type MoogsoftState,
} from './state.js';
import { moogsoftDescriptor } from './descriptor.js';
import { errorBody } from './errors.js';

const DEFAULT_USER = 'John.Doe'; // the document's curl examples: -u John.Doe:MyPassword
const DEFAULT_PASSWORD = 'MyPassword';

function integrationOr404(state: MoogsoftState, id: number) {
  const integration = state.integrations.get(id);
  if (!integration) throw new HttpError(404, `Integration ${id} not found`);
  return integration;
}

const handlers: Handlers<operations, MoogsoftState> = {
  listIntegrations: (_req, { state }) => ({ status: 200, body: [...state.integrations.values()] }),

  getIntegrationStatus: (req, { state }) => {
    const id = req.path.integrationId;
    const integration = integrationOr404(state, id);
    const instances = Object.fromEntries(
      [...(state.instances.get(id) ?? [])].map(([broker, i]) => [broker, { integration_name: integration.name, ...i }]),
    );
    return { status: 200, body: { global: { integration_config_id: id, status: globalStatus(state, id) }, instances } };
  },

  updateIntegrationStatus: (req, { state, now, changed }) => {
    const id = req.path.integrationId;
    integrationOr404(state, id);
    const { command, target } = req.body;
    if (target !== undefined && !state.brokers.has(target)) {
      throw new HttpError(400, `target '${target}' is not a known broker: use one of ${[...state.brokers].join(', ')}`);
    }
    let onBrokers = state.instances.get(id);
    if (!onBrokers) state.instances.set(id, (onBrokers = new Map<string, Instance>()));
    if (command === 'start') {
      const broker = target ?? leastLoadedBroker(state);
      if (!broker) throw new HttpError(400, 'there is no broker to start the integration on');
      onBrokers.set(broker, { status: 'running', last_heartbeat: now().getTime() });
    } else {
      // The schema already requires `target` for stop.
      const instance = target === undefined ? undefined : onBrokers.get(target);
      if (!instance || target === undefined)
        throw new HttpError(400, `integration ${id} is not assigned to broker '${target ?? ''}'`);
      onBrokers.set(target, { ...instance, status: 'stopped' });
    }
    changed();
    return { status: 204 };
  },
};

export const moogsoft: VendorModule<MoogsoftState> = {
  ...moogsoftDescriptor,
  createState: (fixtures) => fixtureState(fixtures === 'empty'),
  dumpState: dump,
  loadState: load,
  authenticate({ basic }, { options }) {
    const user = String(options.user ?? DEFAULT_USER);
    const password = String(options.password ?? DEFAULT_PASSWORD);
    if (!basic) throw new HttpError(401, 'User is not authenticated: send HTTP Basic credentials');
    if (basic.user !== user || basic.password !== password)
      throw new HttpError(401, 'User is not authenticated: wrong user name or password');
    return { user: basic.user };
  },
  errorBody,
  errorSchema: 'Error',
  errorHeaders: (error): Record<string, string> =>
    error.status === 401 ? { 'WWW-Authenticate': 'Basic realm="Moogsoft"' } : {},
  handlers,
  // No public source shows how Moogsoft's integrations API answers CORS: Prism's permissive default.
  cors: { ...PERMISSIVE_CORS, source: `no public evidence of Moogsoft's CORS: ${PERMISSIVE_CORS.source}` },
  options: optionsSchema({
    user: { type: 'string', default: DEFAULT_USER, description: 'HTTP Basic user' },
    password: { type: 'string', default: DEFAULT_PASSWORD, description: 'HTTP Basic password' },
  }),
  credentials: (options) => ({
    summary: `HTTP Basic ${String(options.user ?? DEFAULT_USER)}:${String(options.password ?? DEFAULT_PASSWORD)}`,
  }),
};
