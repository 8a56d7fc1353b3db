import { pointerGet } from '../conformance/auth.js';
import type { AuthProfile } from '../vendors/descriptor.js';
import { SECRET_KEYS } from '../conformance/credentials.js';
import { redactor } from '../conformance/record.js';
import { mediaTypeOf } from '../mock/negotiate.js';
import { bodyKind, parseForm } from '../spec/codec.js';
import type { LoadedSpec } from '../spec/load.js';
import type { ProxyExchange } from './types.js';
import { vendorDescriptor } from '../vendors/registry.js';

/** A field that holds a password, whatever the vendor calls it. */
export const PASSWORD_FIELD = /pass(word|wd)?$|^pwd$/i;
/** A field that holds a token or key (a credential when the value is not captured from an answer). */
export const TOKEN_FIELD = /token|api[-_]?key|secret/i;

export interface Known {
  /** What a recorded scenario writes instead: `{{credentials.password}}`, `{{accountId}}`, ... */
  template: string;
  /** Never written anywhere, not even inside other text. */
  secret: boolean;
}

/**
 * What the traffic reveals about the client's credentials, learned as it goes by: the Basic user
 * and password, bearer tokens, the vendor's API-key headers (GWOS-API-TOKEN, GWOS-APP-NAME), the
 * login form or body and the token it answers, the account in Boomi's paths, and any password or
 * token field. Recordings put `{{credentials.*}}` in their place; logs and files never show a secret.
 */
export class LearnedCredentials {
  readonly values = new Map<string, Known>();
  /** Tokens answered by the login operation, by the exchange that logged in. */
  readonly loginTokens = new Map<number, string>();
  readonly profile: AuthProfile;
  private apiKeyHeaders: Array<{ header: string; template: string }> = [];

  constructor(readonly spec: LoadedSpec) {
    this.profile = vendorDescriptor(spec.vendor).auth;
    for (const [name, scheme] of Object.entries(spec.securitySchemes)) {
      if (scheme.type === 'apiKey' && scheme.in === 'header' && scheme.name) {
        this.apiKeyHeaders.push({
          header: scheme.name.toLowerCase(),
          template: this.profile.apiKeys?.[name] ?? '{{token}}',
        });
      }
    }
  }

  /** Header names (lower case) that carry credentials: never recorded. */
  get credentialHeaders(): string[] {
    return ['authorization', 'cookie', 'proxy-authorization', ...this.apiKeyHeaders.map((h) => h.header)];
  }

  private set(value: string | undefined, template: string, secret: boolean): void {
    if (value === undefined || value.length < 3) return;
    const existing = this.values.get(value);
    if (existing?.secret && !secret) return;
    this.values.set(value, { template, secret: secret || (existing?.secret ?? false) });
  }

  private setKey(value: string | undefined, key: string): void {
    this.set(value, `{{credentials.${key}}}`, SECRET_KEYS.has(key) || key === 'user');
  }

  learn(exchange: ProxyExchange): void {
    const headers = exchange.requestHeaders;
    const authorization = headers.authorization;
    if (authorization) {
      const [scheme = '', value = ''] = authorization.split(/\s+/, 2);
      this.set(authorization, '{{credentials.token}}', true);
      if (scheme.toLowerCase() === 'basic') {
        this.set(value, '{{credentials.token}}', true);
        const decoded = Buffer.from(value, 'base64').toString('utf8');
        const colon = decoded.indexOf(':');
        if (colon > 0) {
          this.setKey(decoded.slice(0, colon), 'user');
          this.setKey(decoded.slice(colon + 1), 'password');
        }
      } else {
        this.setKey(value, 'token');
      }
    }
    for (const { header, template } of this.apiKeyHeaders) {
      const value = headers[header];
      const key = /\{\{\s*([\w.-]+)\s*\}\}/.exec(template)?.[1] ?? 'token';
      this.setKey(value, key);
    }
    for (const name of this.profile.variables ?? []) {
      this.set(exchange.pathParams[name], `{{${name}}}`, false);
    }
    const fields = requestFields(exchange);
    const login = this.profile.login;
    if (login && exchange.op?.operationId === login.operation) {
      for (const [field, template] of Object.entries(login.form ?? login.json ?? {})) {
        const key = /\{\{\s*([\w.-]+)\s*\}\}/.exec(template)?.[1];
        const value = fields.find((f) => f.key === field)?.value;
        if (key && typeof value === 'string') this.setKey(value, key);
      }
      const token = exchange.response?.status === 200 ? loginToken(exchange.response.text, login.token) : undefined;
      if (token) {
        this.setKey(token, 'token');
        this.loginTokens.set(exchange.seq, token);
      }
    }
    for (const { key, value } of fields) {
      if (typeof value !== 'string') continue;
      if (PASSWORD_FIELD.test(key)) this.setKey(value, 'password');
      else if (TOKEN_FIELD.test(key) && !this.values.has(value)) this.setKey(value, 'token');
    }
    for (const [key, value] of new URLSearchParams(exchange.search)) {
      if (PASSWORD_FIELD.test(key)) this.setKey(value, 'password');
      else if (TOKEN_FIELD.test(key) && !this.values.has(value)) this.setKey(value, 'token');
    }
  }

  secrets(): string[] {
    return [...this.values]
      .filter(([, k]) => k.secret)
      .map(([v]) => v)
      .sort((a, b) => b.length - a.length);
  }

  /** Replaces every secret in a text (for printed lines). */
  redact(text: string): string {
    return redactor(this.secrets())(text);
  }
}

function loginToken(text: string, where: string): string | undefined {
  if (where === 'body') return text.trim() || undefined;
  try {
    const value = pointerGet(JSON.parse(text), where);
    return typeof value === 'string' && value !== '' ? value : undefined;
  } catch {
    return undefined;
  }
}

/** Every named field of a form or JSON request body, at any depth. */
export function requestFields(exchange: ProxyExchange): Array<{ key: string; value: unknown }> {
  const text = exchange.requestBody;
  if (text.length === 0) return [];
  const kind = bodyKind(
    mediaTypeOf(exchange.requestHeaders['content-type']) ?? (/^\s*[[{]/.test(text) ? 'application/json' : 'text/plain'),
  );
  const out: Array<{ key: string; value: unknown }> = [];
  const walk = (node: unknown, key: string): void => {
    if (Array.isArray(node)) node.forEach((item) => walk(item, key));
    else if (node !== null && typeof node === 'object') for (const [k, v] of Object.entries(node)) walk(v, k);
    else out.push({ key, value: node });
  };
  if (kind === 'form') walk(parseForm(text, false), '');
  else if (kind === 'json' || /^\s*[[{]/.test(text)) {
    try {
      walk(JSON.parse(text), '');
    } catch {
      // not JSON after all: no fields
    }
  }
  return out;
}
