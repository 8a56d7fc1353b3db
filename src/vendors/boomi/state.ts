import type { components } from '../../generated/boomi.js';
import { TokenStore } from './token-store.js';

export type ListenerStatus = components['schemas']['ListenerStatus'];
export type Status = ListenerStatus['status'];

export interface Listener {
  listenerId: string;
  containerId: string;
  status: Status;
  connectorType: string;
}

/** What a listener status token leads to: a result taken when it was issued. */
export interface IssuedToken {
  token: string;
  /** Epoch milliseconds, from the mock's clock. */
  issuedAt: number;
  /** GETs still to be answered 202 before the result is ready. */
  pendingPolls: number;
  /** Set once the result was delivered (200); later GETs answer 204. */
  delivered: boolean;
  result: ListenerStatus[];
}

/** The vendor options the handlers need (they see no options, so the state carries them). */
export interface BoomiConfig {
  accountId: string;
  pendingPolls: number;
  tokenTtlSeconds: number;
  /** Live tokens at most: past it the oldest are forgotten, as if expired. */
  maxTokens: number;
}

export interface BoomiDump {
  /** Every Runtime of the account, with listeners or not. */
  containers: string[];
  listeners: Listener[];
  tokens: IssuedToken[];
}

/** The dump less its configuration, with the tokens in a store (token-store.ts) rather than an array. */
export interface BoomiState extends Omit<BoomiDump, 'tokens'> {
  tokens: TokenStore;
  config: BoomiConfig;
}

export function dump({ containers, listeners, tokens }: BoomiState): BoomiDump {
  return structuredClone({ containers, listeners, tokens: tokens.list() });
}

const STATUSES: readonly string[] = ['listening', 'paused', 'errored'] satisfies Status[];

export function load(value: unknown, config: BoomiConfig): BoomiState {
  const d = value as Partial<BoomiDump> | null;
  /* eslint-disable @typescript-eslint/no-unnecessary-condition, @typescript-eslint/no-unnecessary-type-conversion --
     a state file is read as the dump's type and checked here: these conditions are the check. */
  if (!d || !Array.isArray(d.containers) || !Array.isArray(d.listeners)) {
    throw new Error('boomi state must be {containers: string[], listeners: [...], tokens?: [...]}');
  }
  const containers = d.containers.map(String);
  for (const l of d.listeners) {
    if (typeof l?.listenerId !== 'string' || !containers.includes(l.containerId) || !STATUSES.includes(l.status)) {
      throw new Error(
        `boomi state: listener ${String(l?.listenerId)} needs a string listenerId, a containerId from containers and a status of ${STATUSES.join('|')}`,
      );
    }
  }
  const tokens = Array.isArray(d.tokens) ? d.tokens : [];
  tokens.forEach((t, i) => {
    if (typeof t !== 'object' || t === null || Array.isArray(t))
      throw new Error(`boomi state: tokens[${i}] must be an object {token, issuedAt, pendingPolls, delivered, result}`);
  });
  /* eslint-enable @typescript-eslint/no-unnecessary-condition, @typescript-eslint/no-unnecessary-type-conversion */
  const copy = structuredClone({ containers, listeners: d.listeners, tokens });
  return { containers: copy.containers, listeners: copy.listeners, tokens: TokenStore.of(copy.tokens), config };
}
