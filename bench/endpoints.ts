// The endpoints issue 7 names, as requests. Each is sent identically to our mock, Prism and the raw
// server; `prepare` gets credentials from our mock first (a GroundWork token).
export interface Endpoint {
  name: string;
  vendor: 'groundwork' | 'moogsoft' | 'polarity' | 'boomi';
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  headers: Record<string, string>;
  body?: string;
  /** The status our mock must answer, checked once before measuring. */
  expect: number;
  prism?: boolean;
  prepare?(url: string): Promise<Record<string, string>>;
  prismHeaders?: Record<string, string>;
}

const moogAuth = { authorization: `Basic ${Buffer.from('John.Doe:MyPassword').toString('base64')}` };

export const ENDPOINTS: Endpoint[] = [
  {
    name: 'Moogsoft GET …/integrations/6/status',
    vendor: 'moogsoft',
    method: 'GET',
    path: '/integrations/api/v1/integrations/6/status',
    headers: { ...moogAuth, accept: 'application/json' },
    expect: 200,
  },
  {
    name: 'Moogsoft PUT …/status (invalid command → 400)',
    vendor: 'moogsoft',
    method: 'PUT',
    path: '/integrations/api/v1/integrations/6/status',
    headers: { ...moogAuth, 'content-type': 'application/json' },
    body: JSON.stringify({ command: 'restart' }),
    expect: 400,
  },
];
