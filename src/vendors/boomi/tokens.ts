import { HttpError } from '../../mock/errors.js';
import type { BoomiState, ListenerStatus } from './state.js';

/** The most results one response holds (Boomi query paging). */
export const PAGE_SIZE = 100;

export type Collected =
  { kind: 'pending' } | { kind: 'consumed' } | { kind: 'ready'; result: ListenerStatus[]; queryToken?: string };

/**
 * Issues a token for a result; tokens past their life are forgotten as new ones are issued, and past
 * `maxTokens` live the oldest tenth goes at once.
 */
export function issue(
  state: BoomiState,
  result: ListenerStatus[],
  now: number,
  pendingPolls = state.config.pendingPolls,
): string {
  const { tokens, config } = state;
  tokens.expire(now, config.tokenTtlSeconds * 1000);
  const { maxTokens } = config;
  if (tokens.size >= maxTokens) {
    const keep = Math.max(0, maxTokens - 1 - Math.floor(maxTokens / 10));
    tokens.dropOldest(tokens.size - keep);
  }
  return tokens.issue(result, now, pendingPolls);
}

/**
 * One GET of a token: 202 while polls are pending, then the result once (the first 100 results,
 * and a queryToken for the rest, ready at once), then 204. Expired or unknown: 410, changing nothing.
 */
export function collect(state: BoomiState, name: string, now: number): Collected {
  const { tokens } = state;
  const at = tokens.find(name);
  if (at < 0 || tokens.expired(at, now, state.config.tokenTtlSeconds * 1000))
    throw new HttpError(410, `The token ${name} has expired or does not exist.`);
  const result = tokens.take(at);
  if (result === 'pending') return { kind: 'pending' };
  if (!result) return { kind: 'consumed' };
  if (result.length <= PAGE_SIZE) return { kind: 'ready', result };
  const queryToken = issue(state, result.slice(PAGE_SIZE), now, 0);
  return { kind: 'ready', result: result.slice(0, PAGE_SIZE), queryToken };
}
