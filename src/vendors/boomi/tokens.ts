import { randomUuid } from '../../core/random.js';
import { HttpError } from '../../mock/errors.js';
import type { BoomiState, IssuedToken, ListenerStatus } from './state.js';

/** The most results one response holds (Boomi query paging). */
export const PAGE_SIZE = 100;

export type Collected =
  { kind: 'pending' } | { kind: 'consumed' } | { kind: 'ready'; result: ListenerStatus[]; queryToken?: string };

const expired = (state: BoomiState, token: IssuedToken, now: number) =>
  now - token.issuedAt >= state.config.tokenTtlSeconds * 1000;

/**
 * Tokens live for half an hour, so a busy client piles up thousands: scanning them all on every
 * QUERY (for expiry) and every GET (for the name) made each request slower than the last. The
 * index finds a token by name and knows the earliest `issuedAt`, which says when no token can have
 * expired. Only this module changes `tokens`, and it keeps the index in step; an array it did not
 * index (a loaded dump is a new state) is indexed afresh. A dump's tokens are not checked on load,
 * so one that is not a plain token (no string name, no numeric `issuedAt`) turns the index off for
 * that array and the plain scans answer as they always have.
 *
 * Tokens are issued in time order, so the ones that expire and the ones dropped past the bound are
 * the oldest, at the front: they are cut off the array in place and taken out of the index one by
 * one. Re-indexing the 18,000 that stay each time (every 2,000 QUERYs at the bound, and on every
 * QUERY once the first tokens began to expire) was the largest cost of a QUERY. Only an array out
 * of time order (the mock's clock set back) or with a repeated name (a loaded dump) is filtered and
 * re-indexed as a whole.
 */
interface TokenIndex {
  tokens: IssuedToken[];
  /** How many of `tokens` are indexed; another length means someone else changed the array. */
  length: number;
  /** The first token of each name, as a scan finds it. */
  byName: Map<string, IssuedToken>;
  earliest: number;
  /** The `issuedAt` of the last token: while each is no earlier than the one before, the array is in time order. */
  latest: number;
  ordered: boolean;
  /** Some name is held by more than one token. */
  repeated: boolean;
  usable: boolean;
}

const indexes = new WeakMap<BoomiState, TokenIndex>();

function tokenIndex(state: BoomiState): TokenIndex {
  const { tokens } = state;
  let index = indexes.get(state);
  if (index?.tokens === tokens && index.length === tokens.length) return index;
  index = {
    tokens,
    length: 0,
    byName: new Map(),
    earliest: Infinity,
    latest: -Infinity,
    ordered: true,
    repeated: false,
    usable: true,
  };
  for (const token of tokens) add(index, token);
  indexes.set(state, index);
  return index;
}

function add(index: TokenIndex, token: IssuedToken): void {
  index.length++;
  if (
    typeof token !== 'object' ||
    // Tokens from a hand-written state file are checked here, where the index is built.
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition
    token === null ||
    typeof token.token !== 'string' ||
    typeof token.issuedAt !== 'number'
  ) {
    index.usable = false;
    return;
  }
  if (index.byName.has(token.token)) index.repeated = true;
  else index.byName.set(token.token, token);
  if (token.issuedAt < index.latest) index.ordered = false;
  index.latest = token.issuedAt;
  index.earliest = Math.min(index.earliest, token.issuedAt);
}

/** Cuts the first `count` tokens off the array in place, and out of the index. */
function dropOldest(state: BoomiState, index: TokenIndex, count: number): TokenIndex {
  if (count <= 0) return index;
  const dropped = state.tokens.splice(0, count);
  if (index.repeated) return tokenIndex(state);
  for (const token of dropped) index.byName.delete(token.token);
  index.length -= count;
  index.earliest = state.tokens[0]?.issuedAt ?? Infinity;
  if (state.tokens.length === 0) index.latest = -Infinity;
  return index;
}

/** Issues a token for a result; tokens past their life are forgotten as new ones are issued. */
export function issue(
  state: BoomiState,
  result: ListenerStatus[],
  now: number,
  pendingPolls = state.config.pendingPolls,
): string {
  let index = tokenIndex(state);
  // Every token was issued no earlier than `earliest`, so none has expired while it has not.
  if (!(index.usable && now - index.earliest < state.config.tokenTtlSeconds * 1000)) {
    if (index.usable && index.ordered) {
      let count = 0;
      for (const token of state.tokens) {
        if (!expired(state, token, now)) break;
        count++;
      }
      index = dropOldest(state, index, count);
    } else {
      state.tokens = state.tokens.filter((t) => !expired(state, t, now));
      index = tokenIndex(state);
    }
  }
  // Past the bound, the oldest tenth goes at once.
  const { maxTokens } = state.config;
  if (state.tokens.length >= maxTokens) {
    const keep = Math.max(0, maxTokens - 1 - Math.floor(maxTokens / 10));
    if (index.usable && index.ordered) index = dropOldest(state, index, state.tokens.length - keep);
    else {
      state.tokens = state.tokens.slice(state.tokens.length - keep);
      index = tokenIndex(state);
    }
  }
  const token = `ListenerStatus-${randomUuid()}`;
  const issued: IssuedToken = { token, issuedAt: now, pendingPolls, delivered: false, result };
  state.tokens.push(issued);
  add(index, issued);
  return token;
}

/**
 * One GET of a token: 202 while polls are pending, then the result once (the first 100 results,
 * and a queryToken for the rest, ready at once), then 204. Expired or unknown: 410, changing nothing.
 */
export function collect(state: BoomiState, name: string, now: number): Collected {
  const index = tokenIndex(state);
  const token = index.usable ? index.byName.get(name) : state.tokens.find((t) => t.token === name);
  if (!token || expired(state, token, now))
    throw new HttpError(410, `The token ${name} has expired or does not exist.`);
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
