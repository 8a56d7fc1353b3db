// The endpoints issue 7 names, as requests. Each is sent identically to our mock, Prism and the raw
// server. Credentials are the mock's demo ones (Prism only checks that they are present).
export interface Endpoint {
  name: string;
  vendor: 'groundwork' | 'moogsoft' | 'polarity' | 'boomi';
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  headers: Record<string, string>;
  body?: string;
  /** The status our mock must answer, checked once before measuring. */
  expect: number;
  /**
   * A chained pair (query, then its result): the second request is `GET prefix + token`, the token
   * read from the first one's answer by `tokenField` (the first `"<field>": "<value>"` in it).
   */
  then?: { method: 'GET'; prefix: string; tokenField: string };
  /**
   * Issue 19 states this row's raw target against the raw+JSON floor (a raw server that also
   * JSON.parses the request and JSON.stringifies the answer): the bench measures that server too, in
   * the same rounds, and marks the row's raw target against it (the plain raw ratio is reported beside).
   */
  floor?: 'raw+json';
}

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
const gw = { 'GWOS-API-TOKEN': 'understudy-demo-token', 'GWOS-APP-NAME': 'bench' };
const moog = { authorization: basic('John.Doe', 'MyPassword') };
const boomi = {
  authorization: basic('BOOMI_TOKEN.dev@example.com', 'dev-api-token'),
  'content-type': 'application/json',
};

const tenHosts = {
  hosts: Array.from({ length: 10 }, (_, i) => ({
    host: `bench-host-${i}`,
    status: 'UP',
    message: 'UP',
    hostGroup: 'bench',
    device: `10.9.0.${i}`,
    appType: 'NAGIOS',
    agentId: 'a4ca80e0-e855-43ee-86d8-f4e499f0a824',
    services: [
      { service: 'local_cpu', status: 'OK', message: 'OK - 10' },
      { service: 'local_mem', status: 'WARNING', message: 'WARNING - 80' },
    ],
  })),
};
const invalidHosts = { hosts: tenHosts.hosts.map((h) => ({ ...h, status: 'up' })) };

export const ENDPOINTS: Endpoint[] = [
  {
    name: 'GroundWork GET /api/hosts/{name} (JSON)',
    vendor: 'groundwork',
    method: 'GET',
    path: '/api/hosts/localhost',
    headers: { ...gw, accept: 'application/json' },
    expect: 200,
  },
  {
    name: 'GroundWork GET /api/hosts/{name} (XML)',
    vendor: 'groundwork',
    method: 'GET',
    path: '/api/hosts/localhost',
    headers: { ...gw, accept: 'application/xml' },
    expect: 200,
  },
  {
    name: 'GroundWork GET /api/hosts?query=…&first=&count=',
    vendor: 'groundwork',
    method: 'GET',
    path: `/api/hosts?query=${encodeURIComponent("monitorStatus = 'UP' and hostName like '%a%' order by hostName")}&first=0&count=10`,
    headers: { ...gw, accept: 'application/json' },
    expect: 200,
  },
  {
    name: 'GroundWork POST /api/biz/hosts (JSON, 10 hosts with services)',
    vendor: 'groundwork',
    method: 'POST',
    path: '/api/biz/hosts',
    headers: { ...gw, accept: 'application/json', 'content-type': 'application/json' },
    body: JSON.stringify(tenHosts),
    expect: 200,
    floor: 'raw+json',
  },
  {
    name: 'GroundWork POST /api/biz/host (form)',
    vendor: 'groundwork',
    method: 'POST',
    path: '/api/biz/host',
    headers: { ...gw, accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
    body: 'message=UP&host=host5&status=UP&device=10.0.0.5&agentId=a4ca80e0-e855-43ee-86d8-f4e499f0a824&hostGroup=hosts&appType=NAGIOS',
    expect: 200,
  },
  // Not all-or-none: each host with a bad status is its own failure in a 200 (x-per-entity).
  {
    name: 'GroundWork POST /api/biz/hosts (invalid status → per-host failures)',
    vendor: 'groundwork',
    method: 'POST',
    path: '/api/biz/hosts',
    headers: { ...gw, accept: 'application/json', 'content-type': 'application/json' },
    body: JSON.stringify(invalidHosts),
    expect: 200,
    floor: 'raw+json',
  },
  {
    name: 'Polarity GET /api/integrations?page[size]=&filter…',
    vendor: 'polarity',
    method: 'GET',
    path: '/api/integrations?page%5Bsize%5D=20&page%5Bnumber%5D=2&filter%5Bintegration.status%5D=running',
    headers: { authorization: 'Bearer my-auth-token' },
    expect: 200,
  },
  {
    name: 'Moogsoft GET …/integrations/6/status',
    vendor: 'moogsoft',
    method: 'GET',
    path: '/integrations/api/v1/integrations/6/status',
    headers: { ...moog, accept: 'application/json' },
    expect: 200,
  },
  {
    name: 'Moogsoft PUT …/status (invalid command → 400)',
    vendor: 'moogsoft',
    method: 'PUT',
    path: '/integrations/api/v1/integrations/6/status',
    headers: { ...moog, 'content-type': 'application/json' },
    body: JSON.stringify({ command: 'restart' }),
    expect: 400,
  },
  {
    name: 'Boomi POST …/ListenerStatus/query + GET …/response/{token}',
    vendor: 'boomi',
    method: 'POST',
    path: '/api/rest/v1/dev-account/async/ListenerStatus/query',
    headers: boomi,
    body: JSON.stringify({
      QueryFilter: {
        expression: { operator: 'EQUALS', property: 'containerId', argument: ['1045759d-7f6c-4108-bd0e-7b71541d6a2d'] },
      },
    }),
    expect: 200,
    then: { method: 'GET', prefix: '/api/rest/v1/dev-account/async/ListenerStatus/response/', tokenField: 'token' },
  },
];

/** The token a chained pair's second request needs, read from the first one's answer ('none' if absent). */
export function chainedPath(then: NonNullable<Endpoint['then']>, previousBody: string): string {
  const match = new RegExp(`"${then.tokenField}"\\s*:\\s*"([^"]+)"`).exec(previousBody);
  return then.prefix + (match?.[1] ?? 'none');
}
