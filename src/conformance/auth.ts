import { bodyKind } from '../spec/codec.js';
import type { LoadedSpec, OperationInfo } from '../spec/load.js';
import { vendorDescriptor } from '../vendors/registry.js';
import type { AuthProfile } from '../vendors/descriptor.js';
import type { VendorCredentials } from '../vendors/types.js';
import { secretsOf } from './credentials.js';
import type { HttpRequest, HttpResponse, SendResult } from './http.js';
import { interpolate } from './interpolate.js';
import { buildRequest } from './request.js';

export class AuthError extends Error {
  constructor(
    message: string,
    readonly exchange?: { request: HttpRequest; response?: HttpResponse },
  ) {
    super(message);
    this.name = 'AuthError';
  }
}

const INVALID_TOKEN = 'understudy-invalid-token';
const WRONG_PASSWORD = 'understudy-wrong-password';

export type Sender = (request: HttpRequest) => Promise<SendResult>;

/** One scenario's authentication: logs in at most once, on the first step that needs it. */
export class AuthSession {
  private token?: string;
  private login?: Promise<string>;
  readonly profile: AuthProfile;

  constructor(
    private readonly spec: LoadedSpec,
    private readonly credentials: VendorCredentials,
    private readonly baseUrl: string,
    private readonly sendRequest: Sender,
  ) {
    this.profile = vendorDescriptor(spec.vendor).auth;
  }

  /** Secrets to redact from reports, including a token obtained by logging in. */
  secrets(): string[] {
    return [...secretsOf(this.credentials), ...(this.token ? [this.token] : [])].sort((a, b) => b.length - a.length);
  }

  async headers(op: OperationInfo): Promise<Record<string, string>> {
    return this.build(op, 'valid');
  }

  async badHeaders(op: OperationInfo): Promise<Record<string, string>> {
    return this.build(op, 'bad');
  }

  private async build(op: OperationInfo, kind: 'valid' | 'bad'): Promise<Record<string, string>> {
    const requirement = op.security[0];
    if (!requirement) return {};
    const headers: Record<string, string> = {};
    const c = this.credentials;
    for (const name of Object.keys(requirement)) {
      const scheme = this.spec.securitySchemes[name];
      if (!scheme) continue;
      if (scheme.type === 'http' && scheme.scheme?.toLowerCase() === 'basic') {
        const password = kind === 'bad' ? WRONG_PASSWORD : (c.password ?? '');
        headers.Authorization = `Basic ${Buffer.from(`${c.user ?? ''}:${password}`).toString('base64')}`;
      } else if (scheme.type === 'http' && scheme.scheme?.toLowerCase() === 'bearer') {
        headers.Authorization = `Bearer ${kind === 'bad' ? INVALID_TOKEN : await this.bearer()}`;
      } else if (scheme.type === 'apiKey' && scheme.in === 'header' && scheme.name) {
        const template = this.profile.apiKeys?.[name] ?? '{{token}}';
        const needsToken = template.includes('{{token}}');
        if (kind === 'bad') headers[scheme.name] = needsToken ? INVALID_TOKEN : interpolate(template, this.vars(''));
        else headers[scheme.name] = interpolate(template, this.vars(needsToken ? await this.bearer() : ''));
      }
    }
    return headers;
  }

  /**
   * Logs out the session this scenario logged in for (not a token the credentials gave), if the
   * vendor can. Best effort: the answer is the runner's business, not a step's.
   */
  async close(): Promise<void> {
    const logout = this.profile.logout;
    const token = this.token;
    if (!logout || !token) return;
    this.token = undefined;
    this.login = undefined;
    const op = this.spec.byOperationId.get(logout.operation);
    const mediaType = Object.keys(op?.requestBody?.content ?? {}).find((t) => bodyKind(t) === 'form');
    if (!op || !mediaType) return;
    await this.sendRequest(
      buildRequest(this.baseUrl, op, {
        path: {},
        query: {},
        headers: {},
        body: { mediaType, value: interpolate(logout.form, this.vars(token)) },
      }),
    );
  }

  private vars(token: string): Map<string, unknown> {
    return new Map<string, unknown>([...Object.entries(this.credentials), ['token', token]]);
  }

  private bearer(): Promise<string> {
    if (this.credentials.token) return Promise.resolve(this.credentials.token);
    this.login ??= this.logIn();
    return this.login;
  }

  private async logIn(): Promise<string> {
    const login = this.profile.login;
    if (!login)
      throw new AuthError(`${this.spec.vendor}: the credentials hold no token and the vendor has no login operation`);
    const op = this.spec.byOperationId.get(login.operation);
    if (!op) throw new AuthError(`${this.spec.vendor}: login operation '${login.operation}' is not in the spec`);
    const vars = this.vars('');
    const mediaType = Object.keys(op.requestBody?.content ?? {}).find(
      (t) => bodyKind(t) === (login.form ? 'form' : 'json'),
    );
    if (!mediaType)
      throw new AuthError(`${this.spec.vendor}: ${login.operation} takes no ${login.form ? 'form' : 'JSON'} body`);
    const accept = Object.keys(op.responses['200']?.content ?? {})[0];
    const request = buildRequest(this.baseUrl, op, {
      path: {},
      query: {},
      headers: accept ? { Accept: accept } : {},
      body: { mediaType, value: interpolate(login.form ?? login.json, vars) },
    });
    const sent = await this.sendRequest(request);
    const where = `${request.method} ${new URL(request.url).pathname}`;
    if (!sent.response) throw new AuthError(`login (${where}) failed: ${sent.error.message}`, { request });
    const { response } = sent;
    if (response.status !== 200) {
      throw new AuthError(`login (${where}) answered ${response.status}: check the ${this.spec.vendor} credentials`, {
        request,
        response,
      });
    }
    let token: unknown = response.text.trim();
    if (login.token !== 'body') {
      try {
        token = pointerGet(JSON.parse(response.text), login.token);
      } catch {
        token = undefined;
      }
    }
    if (typeof token !== 'string' || token === '') {
      throw new AuthError(`login (${where}) answered no token at ${login.token}`, { request, response });
    }
    this.token = token;
    return token;
  }
}

export function pointerGet(value: unknown, pointer: string): unknown {
  if (pointer === '') return value;
  let node: unknown = value;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (node === null || typeof node !== 'object' || !(key in node)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}
