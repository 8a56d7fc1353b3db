import type { components } from '../../generated/moogsoft.js';

type Integration = components['schemas']['Integration'];
type RunState = components['schemas']['IntegrationRunState'];

export interface Instance {
  status: RunState;
  last_heartbeat: number;
}

export interface MoogsoftState {
  integrations: Map<number, Integration>;
  /** Every broker known to the deployment, running something or not. */
  brokers: Set<string>;
  /** integration id → broker id → the integration's instance on that broker. */
  instances: Map<number, Map<string, Instance>>;
}

/** The document's broker, plus two more with different loads so the placement rule can be seen. */
export const BROKER_A = 'Broker_3a52b7ef_8bad_41cc_8b36_cbb9c2aa3a9e';
export const BROKER_B = 'Broker_7c1d20aa_4f2e_4a8e_9d51_0b6f3c2e8a17';
export const BROKER_C = 'Broker_9e0f5b3c_1d7a_4c6e_b2f8_5a9d4e1c7b20';

const HEARTBEAT = 1567789762645; // the document's last_heartbeat

export function fixtureState(empty: boolean): MoogsoftState {
  const state: MoogsoftState = {
    integrations: new Map(),
    brokers: new Set([BROKER_A, BROKER_B, BROKER_C]),
    instances: new Map(),
  };
  if (empty) return state;
  const add = (id: number, name: string, type_id: string, running: string[]): void => {
    state.integrations.set(id, { id, name, type_id, version: '1.0' });
    const onBrokers = new Map<string, Instance>();
    for (const broker of running) onBrokers.set(broker, { status: 'running', last_heartbeat: HEARTBEAT });
    state.instances.set(id, onBrokers);
  };
  // Loads: A runs 3 integrations, C runs 2, B runs 1 — an unplaced start lands on B.
  add(1, 'Webhook1', 'Webhook', [BROKER_A]);
  add(2, 'DynatraceAPMPolling1', 'dynatrace_apm_lam', [BROKER_C]);
  add(3, 'SolarWindsPolling1', 'solarwinds_lam', [BROKER_A]);
  add(4, 'NagiosPolling1', 'nagios_lam', [BROKER_C]);
  add(5, 'DatadogPolling1', 'datadog_lam', [BROKER_B]);
  add(6, 'Azure1', 'azure_lam', [BROKER_A]);
  add(7, 'AWSCloudWatch1', 'aws_cloudwatch_lam', []);
  add(8, 'SplunkStreaming1', 'splunk_lam', []);
  return state;
}

/** How many integrations run on each broker. */
export function brokerLoads(state: MoogsoftState): Map<string, number> {
  const loads = new Map([...state.brokers].map((b) => [b, 0]));
  for (const onBrokers of state.instances.values()) {
    for (const [broker, instance] of onBrokers) {
      if (instance.status === 'running') loads.set(broker, (loads.get(broker) ?? 0) + 1);
    }
  }
  return loads;
}

/** The least-loaded broker; ties go to the broker id that sorts first, so placement is repeatable. */
export function leastLoadedBroker(state: MoogsoftState): string | undefined {
  let best: { broker: string; load: number } | undefined;
  for (const [broker, load] of [...brokerLoads(state)].sort(([a], [b]) => a.localeCompare(b))) {
    if (!best || load < best.load) best = { broker, load };
  }
  return best?.broker;
}

export function globalStatus(state: MoogsoftState, id: number): RunState {
  for (const instance of state.instances.get(id)?.values() ?? []) if (instance.status === 'running') return 'running';
  return 'stopped';
}

export interface MoogsoftDump {
  brokers: string[];
  integrations: Array<Integration & { instances: Record<string, Instance> }>;
}

export function dump(state: MoogsoftState): MoogsoftDump {
  return {
    brokers: [...state.brokers],
    integrations: [...state.integrations.values()].map((i) => ({
      ...i,
      instances: Object.fromEntries(state.instances.get(i.id) ?? []),
    })),
  };
}

export function load(value: unknown): MoogsoftState {
  const d = value as Partial<MoogsoftDump> | null;
  if (!d || !Array.isArray(d.brokers) || !Array.isArray(d.integrations)) {
    throw new Error('moogsoft state must be {brokers: string[], integrations: [...]}');
  }
  const state: MoogsoftState = {
    integrations: new Map(),
    brokers: new Set(d.brokers.map(String)),
    instances: new Map(),
  };
  // A hand-written state file may leave an integration's instances out.
  for (const entry of d.integrations as Array<Integration & { instances?: Record<string, Instance> }>) {
    const { instances, ...integration } = entry;
    if (!Number.isInteger(integration.id) || typeof integration.name !== 'string') {
      throw new Error('moogsoft state: every integration needs an integer id and a name');
    }
    state.integrations.set(integration.id, integration);
    state.instances.set(integration.id, new Map(Object.entries(instances ?? {})));
    for (const broker of Object.keys(instances ?? {})) state.brokers.add(broker);
  }
  return state;
}
