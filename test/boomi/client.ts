// A small Boomi ListenerStatus client for the tests: QUERY, GET by token, changeListenerStatus,
// on the current or the legacy URLs.
import type { components } from '../../src/generated/boomi.js';
import { basic } from '../helpers/mock.js';

export type Expression = components['schemas']['ListenerStatusExpression'];
export type AsyncResult = components['schemas']['ListenerStatusAsyncResponse'];
export type ListenerStatus = components['schemas']['ListenerStatus'];

export const ACCOUNT = 'dev-account';
export const AUTH = basic('BOOMI_TOKEN.dev@example.com', 'dev-api-token');

export const eq = (property: 'listenerId' | 'containerId', value: string): Expression => ({
  operator: 'EQUALS',
  property,
  argument: [value],
});
export const and = (...nestedExpression: Expression[]): Expression => ({ operator: 'and', nestedExpression });
export const or = (...nestedExpression: Expression[]): Expression => ({ operator: 'or', nestedExpression });

export interface Reply {
  status: number;
  body: Record<string, unknown> | undefined;
  headers: Headers;
}

export function boomiClient(baseUrl: () => string, options: { account?: string; auth?: string } = {}) {
  const root = () => `${baseUrl()}/api/rest/v1/${options.account ?? ACCOUNT}`;
  const send = async (
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Reply> => {
    const res = await fetch(root() + path, {
      method,
      headers: {
        authorization: options.auth ?? AUTH,
        'content-type': 'application/json',
        accept: 'application/json',
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    return {
      status: res.status,
      body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined,
      headers: res.headers,
    };
  };
  const client = {
    send,
    /** POSTs a QUERY (raw body or an expression). */
    query: (filter: Expression | { raw: unknown }, legacy = false, headers: Record<string, string> = {}) =>
      send(
        'POST',
        legacy ? '/ListenerStatus/query/async' : '/async/ListenerStatus/query',
        'raw' in filter ? filter.raw : { QueryFilter: { expression: filter } },
        headers,
      ),
    result: (token: string, legacy = false, headers: Record<string, string> = {}) =>
      send(
        'GET',
        legacy ? `/ListenerStatus/query/async/${token}` : `/async/ListenerStatus/response/${token}`,
        undefined,
        headers,
      ),
    change: (body: unknown) => send('POST', '/changeListenerStatus', body),
    /** QUERY then GET, following queryTokens: every listener status the filter matches. */
    async statuses(filter: Expression): Promise<ListenerStatus[]> {
      const accepted = await client.query(filter);
      if (accepted.status !== 200)
        throw new Error(`QUERY answered ${accepted.status}: ${JSON.stringify(accepted.body)}`);
      let token: string | undefined = (accepted.body as { asyncToken: { token: string } }).asyncToken.token;
      const out: ListenerStatus[] = [];
      while (token) {
        const page = await client.result(token);
        if (page.status !== 200) throw new Error(`GET ${token} answered ${page.status}`);
        const body = page.body as AsyncResult;
        out.push(...(body.result ?? []));
        token = body.queryToken;
      }
      return out;
    },
  };
  return client;
}

export const tokenOf = (reply: Reply) => (reply.body as { asyncToken: { token: string } }).asyncToken.token;
