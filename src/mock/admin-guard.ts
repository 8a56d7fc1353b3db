import type { IncomingHttpHeaders } from 'node:http';
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';

/**
 * Who may drive `/__admin`: the developer, not a web page and not the network.
 *
 * - A page on another origin may not call it: a request whose `Origin` is not the mock's own is
 *   refused, so a "simple" cross-origin POST (no preflight) cannot reset the mock.
 * - Writes must be JSON: an HTML form or a `text/plain` fetch cannot load state or faults.
 * - The `Host` must be an address or a loopback name: a DNS-rebinding page (evil.example resolved
 *   to 127.0.0.1) addresses the mock by its own name and is refused, so it cannot read the state.
 * - Bound beyond loopback, a token is required (one is generated when none is given).
 */
export interface AdminAccess {
  /** Required as `Authorization: Bearer`, `X-Admin-Token`, or the dashboard's cookie. */
  token?: string;
  /** Generated because the mock was bound beyond loopback without one: printed at start. */
  tokenGenerated?: boolean;
  /** `--admin-allow-host`: more names admin requests may address (`.example.com` for its subdomains, `*` for any). */
  allowHosts: string[];
  /** The name the mock was bound to (`--host`), allowed as a Host too. */
  boundHost?: string;
}

export interface AdminRequest {
  method: string;
  headers: IncomingHttpHeaders;
}

/** A refusal, answered as JSON `{error}` whose text says what to do instead. */
export interface Refusal {
  status: number;
  error: string;
  headers?: Record<string, string>;
}

export function isLoopbackHost(host: string): boolean {
  const name = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (name === 'localhost' || name.endsWith('.localhost')) return true;
  if (name === '::1') return true;
  const v4 = name.startsWith('::ffff:') ? name.slice(7) : name;
  return isIP(v4) === 4 && v4.startsWith('127.');
}

export function generateToken(): string {
  return randomBytes(24).toString('base64url');
}

/** The host name of a `Host` header, without port, brackets or a trailing dot. */
function hostName(header: string): string {
  const text = header.trim().toLowerCase();
  if (text.startsWith('[')) return text.slice(1, text.indexOf(']') < 0 ? undefined : text.indexOf(']'));
  const colon = text.lastIndexOf(':');
  return (colon < 0 ? text : text.slice(0, colon)).replace(/\.$/, '');
}

/**
 * An IP literal cannot be a rebinding attack (that needs a name the attacker's DNS answers for), so
 * any address is accepted, as are `localhost` and `*.localhost` (which browsers always resolve to
 * loopback), the name the mock was bound to, and the allow-list.
 */
function hostAllowed(header: string | undefined, access: AdminAccess): boolean {
  // HTTP/1.0 without Host cannot come from a browser (Node refuses HTTP/1.1 without one).
  if (header === undefined) return true;
  const name = hostName(header);
  if (isIP(name) !== 0 || name === 'localhost' || name.endsWith('.localhost')) return true;
  if (access.boundHost && name === access.boundHost.toLowerCase()) return true;
  return access.allowHosts.some((allowed) => {
    const a = allowed.toLowerCase();
    return a === '*' || a === name || (a.startsWith('.') && (name.endsWith(a) || name === a.slice(1)));
  });
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** The mock's own pages: `http://<Host>`, or `https://<Host>` behind a TLS-terminating proxy. */
function sameOrigin(origin: string, host: string | undefined): boolean {
  if (host === undefined) return false;
  const o = origin.toLowerCase();
  const h = host.toLowerCase();
  return o === `http://${h}` || o === `https://${h}`;
}

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function isJson(contentType: string): boolean {
  const type = (contentType.split(';', 1)[0] ?? '').trim().toLowerCase();
  return type === 'application/json' || (type.startsWith('application/') && type.endsWith('+json'));
}

/**
 * The checks every admin request passes before it is routed (the dashboard's page too): Host,
 * Origin, then for writes the Content-Type. The token is checked after (see `presentsToken`), so
 * the dashboard's page can offer to take it.
 */
export function refuseAdmin(request: AdminRequest, access: AdminAccess): Refusal | undefined {
  const host = single(request.headers.host);
  // hostAllowed lets a request without Host through, so `host` is a string here.
  if (host !== undefined && !hostAllowed(host, access)) {
    return {
      status: 403,
      error:
        `the admin API answers requests addressed to this machine (an IP address, localhost` +
        `${access.boundHost ? ` or ${access.boundHost}` : ''}), not to Host '${host}': ` +
        `if that name is yours, start the mock with --admin-allow-host ${hostName(host)}`,
    };
  }
  const origin = single(request.headers.origin);
  if (origin !== undefined && !sameOrigin(origin, host)) {
    return {
      status: 403,
      error: `the admin API does not answer web pages of other origins (Origin '${origin}'): call it from a script, curl or the dashboard at /__admin/ui`,
    };
  }
  if (WRITE_METHODS.has(request.method)) {
    const contentType = single(request.headers['content-type']);
    const hasBody =
      (request.headers['content-length'] !== undefined && request.headers['content-length'] !== '0') ||
      request.headers['transfer-encoding'] !== undefined;
    if ((hasBody || contentType !== undefined) && !(contentType && isJson(contentType))) {
      return {
        status: 415,
        error:
          "admin writes take JSON: send the body with Content-Type: application/json (curl: -H 'Content-Type: " +
          `application/json'), not '${contentType ?? 'no Content-Type'}'`,
      };
    }
  }
  return undefined;
}

/** The dashboard's cookie: named by port, so two mocks on one machine keep theirs apart. */
export function cookieName(port: number | undefined): string {
  return `understudy_admin_${port ?? 0}`;
}

/**
 * The cookie holds a digest of the token, not the token: what the browser stores cannot be replayed
 * as the bearer token elsewhere, and it changes when the token does.
 */
function cookieValue(token: string): string {
  return createHmac('sha256', token).update('understudy dashboard session').digest('base64url');
}

/** `Set-Cookie` for a browser that proved it knows the token: HttpOnly, so no script ever reads it. */
export function sessionCookie(token: string, port: number | undefined): string {
  return `${cookieName(port)}=${cookieValue(token)}; Path=/__admin; HttpOnly; SameSite=Strict`;
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function tokenMatches(given: string | null | undefined, token: string): boolean {
  return given !== null && given !== undefined && sameSecret(given, token);
}

/** The token as a header (scripts) or the dashboard's cookie (browsers). */
export function presentsToken(headers: IncomingHttpHeaders, token: string, port: number | undefined): boolean {
  const header = single(headers['x-admin-token']) ?? headers.authorization?.replace(/^Bearer\s+/i, '');
  if (header !== undefined) return tokenMatches(header, token);
  const cookie = readCookie(headers.cookie, cookieName(port));
  return cookie !== undefined && sameSecret(cookie, cookieValue(token));
}

function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** The journal shows admin URLs without the token a dashboard link carried. */
export function redactToken(url: string): string {
  return url.replace(/([?&]token=)[^&#]*/gi, '$1***');
}
