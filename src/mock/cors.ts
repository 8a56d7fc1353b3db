/**
 * CORS on vendor paths, so a front end on another origin (`http://localhost:3000`) can call the mock
 * as it calls the vendor. Pure functions of (policy, vendor's CORS, method, request headers) →
 * response headers: no sockets here. `/__admin` never answers CORS (src/mock/admin-guard.ts).
 */

/** As browsers are told it may be sent (the mock reads it case-insensitively, as all headers). */
const SESSION_HEADER_NAME = 'X-Understudy-Session';

/** How a vendor's server answers CORS: data on its module (`VendorModule.cors`), with its evidence. */
export interface VendorCors {
  /** `Access-Control-Allow-Headers`: a fixed list, or whatever the preflight asked for. */
  allowHeaders: readonly string[] | 'requested';
  /** `Access-Control-Allow-Methods`: a fixed list, or the method the preflight asked for. */
  allowMethods: readonly string[] | 'requested';
  credentials: boolean;
  /** `Access-Control-Expose-Headers`, if the vendor sends it. */
  exposeHeaders?: string;
  /** `Access-Control-Max-Age` of a preflight's answer, if the vendor sends it. */
  maxAgeSeconds?: number;
  /** Status of a preflight's answer. */
  preflightStatus: number;
  /**
   * The server answers every `OPTIONS` on the vendor's paths as it answers a preflight, with or
   * without `Origin` and `Access-Control-Request-Method` (GroundWork's AuthFilter returns before
   * routing), rather than only preflights, other OPTIONS being 405.
   */
  answersEveryOptions?: boolean;
  /** Every answer carries the preflight's Allow-Methods and Allow-Headers too (GroundWork's AuthFilter adds all four). */
  allowsOnEveryAnswer?: boolean;
  /** Whether the vendor's own authentication failures carry the headers (GroundWork's do not). */
  onAuthFailures: boolean;
  /** What this is known from: repository, commit and path, or the page. */
  source: string;
}

/**
 * Prism's default (`prism mock` answers CORS unless `--cors false`): any origin, reflected; the
 * requested method and headers; credentials; every response header exposed. Used for a vendor
 * whose server's CORS has no public evidence, and for `--cors '*'` and an origin list.
 */
export const PERMISSIVE_CORS: VendorCors = {
  allowHeaders: 'requested',
  allowMethods: 'requested',
  credentials: true,
  exposeHeaders: '*',
  preflightStatus: 204,
  onAuthFailures: true,
  source: "Prism's default CORS (@stoplight/prism-http-server: setCommonCORSHeaders)",
};

/**
 * `--cors`: `vendor` (the default) answers as each vendor's server does; `*` answers Prism's
 * permissive CORS for every vendor and every response; an origin list answers that only to those
 * origins; `off` answers none (and a preflight is then an undocumented OPTIONS: 405).
 */
export type CorsPolicy =
  { kind: 'vendor' } | { kind: 'any' } | { kind: 'origins'; origins: readonly string[] } | { kind: 'off' };

export const DEFAULT_CORS: CorsPolicy = { kind: 'vendor' };

export function parseCorsPolicy(text: string): CorsPolicy {
  const value = text.trim();
  if (value === 'vendor') return { kind: 'vendor' };
  if (value === '*') return { kind: 'any' };
  if (value === 'off' || value === 'false') return { kind: 'off' };
  const origins = value
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  for (const origin of origins) {
    let url: URL | undefined;
    try {
      url = new URL(origin);
    } catch {
      url = undefined;
    }
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.origin !== origin.replace(/\/$/, '')) {
      throw new Error(
        `--cors ${text}: '${origin}' is not an origin; write vendor, *, off, or origins like http://localhost:3000,https://app.example.com`,
      );
    }
  }
  if (origins.length === 0)
    throw new Error(`--cors ${text}: write vendor, *, off, or a comma-separated list of origins`);
  return { kind: 'origins', origins: origins.map((o) => o.replace(/\/$/, '')) };
}

/** The parts of a request CORS looks at. */
export interface CorsRequest {
  method: string;
  origin?: string;
  /** `Access-Control-Request-Method` and `-Headers` of a preflight. */
  requestMethod?: string;
  requestHeaders?: string;
}

/**
 * An `OPTIONS` answered as a preflight: one with an `Origin` and `Access-Control-Request-Method`,
 * which this policy answers; under `vendor`, any OPTIONS where the vendor's server answers them all.
 */
export function isPreflight(policy: CorsPolicy, request: CorsRequest, vendor?: VendorCors): boolean {
  if (policy.kind === 'off' || request.method !== 'OPTIONS') return false;
  if (policy.kind === 'vendor' && vendor?.answersEveryOptions === true) return true;
  return request.origin !== undefined && request.requestMethod !== undefined;
}

/** What answers CORS for a vendor under a policy, or undefined when nothing does for this origin. */
function profileFor(policy: CorsPolicy, vendor: VendorCors | undefined, origin: string): VendorCors | undefined {
  switch (policy.kind) {
    case 'off':
      return undefined;
    case 'vendor':
      return vendor ?? PERMISSIVE_CORS;
    case 'any':
      return PERMISSIVE_CORS;
    case 'origins':
      return policy.origins.includes(origin) ? PERMISSIVE_CORS : undefined;
  }
}

/** The status of a preflight's answer: the vendor's own, unless the policy answers for it. */
export function preflightStatus(policy: CorsPolicy, vendor: VendorCors | undefined): number {
  return (policy.kind === 'vendor' ? (vendor ?? PERMISSIVE_CORS) : PERMISSIVE_CORS).preflightStatus;
}

/**
 * The CORS headers of one answer: a preflight's, an ordinary response's, or the answer to a failed
 * authentication. None without an `Origin` (a script or curl), none under `--cors off`.
 */
export function corsHeaders(
  policy: CorsPolicy,
  vendor: VendorCors | undefined,
  request: CorsRequest,
  answer: 'preflight' | 'response' | 'auth-failure',
): Record<string, string> | undefined {
  const { origin } = request;
  if (origin === undefined) return undefined;
  const profile = profileFor(policy, vendor, origin);
  if (!profile || (answer === 'auth-failure' && !profile.onAuthFailures)) return undefined;
  // The origin is reflected rather than `*`: `*` is refused by browsers on a request with credentials.
  const headers: Record<string, string> = { 'Access-Control-Allow-Origin': origin, Vary: 'Origin' };
  if (profile.credentials) headers['Access-Control-Allow-Credentials'] = 'true';
  if (answer !== 'preflight') {
    if (profile.exposeHeaders) headers['Access-Control-Expose-Headers'] = profile.exposeHeaders;
    if (!profile.allowsOnEveryAnswer) return headers;
  }
  const methods = profile.allowMethods === 'requested' ? request.requestMethod : profile.allowMethods.join(',');
  if (methods) headers['Access-Control-Allow-Methods'] = methods;
  // The session header is the mock's own, not the vendor's: a browser app in a session must be let send it.
  const allowHeaders =
    profile.allowHeaders === 'requested'
      ? request.requestHeaders
      : [...profile.allowHeaders, SESSION_HEADER_NAME].join(',');
  if (allowHeaders) headers['Access-Control-Allow-Headers'] = allowHeaders;
  if (profile.maxAgeSeconds !== undefined) headers['Access-Control-Max-Age'] = String(profile.maxAgeSeconds);
  if (profile.allowHeaders === 'requested' || profile.allowMethods === 'requested') {
    headers.Vary = 'Origin, Access-Control-Request-Method, Access-Control-Request-Headers';
  }
  return headers;
}
