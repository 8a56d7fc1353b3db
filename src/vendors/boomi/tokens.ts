import { randomUUID } from 'node:crypto';
import { HttpError } from '../../mock/errors.js';
import type { BoomiState, IssuedToken, ListenerStatus } from './state.js';

/** The most results one response holds (Boomi query paging). */
export const PAGE_SIZE = 100;

export type Collected =
  | { kind: 'pending' }
  | { kind: 'consumed' }
  | { kind: 'ready'; result: ListenerStatus[]; queryToken?: string };

const expired = (state: BoomiState, token: IssuedToken, now: number) => now - token.issuedAt >= state.config.tokenTtlSeconds * 1000;

/** Issues a token for a result; tokens past their life are forgotten as new ones are issued. */
export function issue(state: BoomiState, result: ListenerStatus[], now: number, pendingPolls = state.config.pendingPolls): string {
  state.tokens = state.tokens.filter((t) => !expired(state, t, now));
  const token = `ListenerStatus-${randomUUID()}`;
  state.tokens.push({ token, issuedAt: now, pendingPolls, delivered: false, result });
  return token;
}

/**
 * One GET of a token: 202 while polls are pending, then the result once (the first 100 results,
 * and a queryToken for the rest, ready at once), then 204. Expired or unknown: 410, changing nothing.
 */
export function collect(state: BoomiState, name: string, now: number): Collected {
  const token = state.tokens.find((t) => t.token === name);
  if (!token || expired(state, token, now)) throw new HttpError(410, `The token ${name} has expired or does not exist.`);
  if (token.pendingPolls > 0) {
    token.pendingPolls--;
    return { kind: 'pending' };
  }
  if (token.delivered) return { kind: 'consumed' };
  token.delivered = true;
  if (token.result.length <= PAGE_SIZE) return { kind: 'ready', result: token.result };
  const queryToken = issue(state, token.result.slice(PAGE_SIZE), now, 0);
  return { kind: 'ready', result: token.result.slice(0, PAGE_SIZE), queryToken };
}
