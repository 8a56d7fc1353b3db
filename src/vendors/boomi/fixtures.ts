import type { BoomiConfig, BoomiState, Listener, Status } from './state.js';
import { TokenStore } from './token-store.js';
import { cyclic } from '../../common/present.js';

/** The vendor document's container and listener (§Retrieves a ListenerStatus object by identifier). */
export const DOC_CONTAINER = '1045759d-7f6c-4108-bd0e-7b71541d6a2d';
export const DOC_LISTENER = 'ea56da44-ea7d-4c80-9866-30556474938e';
/** The container and listener of Boomi's public changeListenerStatus request sample. */
export const SAMPLE_CONTAINER = 'd96ff19e-855d-4fd3-856b-abe2795d0dc5';
export const SAMPLE_LISTENER = '44e26ba5-aaf5-4e97-bc85-3e1c50a52edd';
/** A Runtime cloud with 150 listeners, so the 100-result query paging shows. */
export const CLOUD_CONTAINER = '5a8c3f21-9b4d-4e6a-8f70-2c1d9e3b4a56';
/** A Runtime with nothing deployed. */
export const EMPTY_CONTAINER = '7e2b9d40-13c5-4f8a-a6d2-0b9e4c7f1a38';

/**
 * Listeners per container and status (listening / paused / errored):
 * DOC 3/2/1 (6), SAMPLE 2/1/1 (4), CLOUD 105/30/15 (150), EMPTY none — 160 in all.
 */
export const FIXTURE_COUNTS = {
  [DOC_CONTAINER]: { listening: 3, paused: 2, errored: 1 },
  [SAMPLE_CONTAINER]: { listening: 2, paused: 1, errored: 1 },
  [CLOUD_CONTAINER]: { listening: 105, paused: 30, errored: 15 },
  [EMPTY_CONTAINER]: { listening: 0, paused: 0, errored: 0 },
} as const;

const CONNECTORS = ['wss', 'jms', 'kafka', 'as2sharedserver', 'mllpserver', 'amqp'];

/** Deterministic UUID-shaped ids, distinct per container (c) and position (i < 4096). */
const generatedId = (c: number, i: number) =>
  `${(0x6b1f0000 + c * 0x1000 + i).toString(16)}-4c2a-4d1e-9a3b-${(0x1f2e3d4c5b6a + c * 997 + i * 7919).toString(16)}`;

export function fixtureState(empty: boolean, config: BoomiConfig): BoomiState {
  const state: BoomiState = { containers: [], listeners: [], tokens: new TokenStore(), config };
  if (empty) return state;
  state.containers.push(DOC_CONTAINER, SAMPLE_CONTAINER, CLOUD_CONTAINER, EMPTY_CONTAINER);
  const add = (containerId: string, listenerId: string, status: Status, connectorType: string) =>
    state.listeners.push({ listenerId, containerId, status, connectorType } satisfies Listener);

  add(DOC_CONTAINER, DOC_LISTENER, 'listening', 'wss');
  (['listening', 'listening', 'paused', 'paused', 'errored'] as const).forEach((status, i) =>
    add(DOC_CONTAINER, generatedId(1, i), status, cyclic(CONNECTORS, i + 1)),
  );

  add(SAMPLE_CONTAINER, SAMPLE_LISTENER, 'listening', 'wss');
  (['listening', 'paused', 'errored'] as const).forEach((status, i) =>
    add(SAMPLE_CONTAINER, generatedId(2, i), status, cyclic(CONNECTORS, i + 2)),
  );

  for (let i = 0; i < 150; i++) {
    const status: Status = i % 10 < 7 ? 'listening' : i % 10 < 9 ? 'paused' : 'errored';
    add(CLOUD_CONTAINER, generatedId(3, i), status, cyclic(CONNECTORS, i));
  }
  return state;
}
