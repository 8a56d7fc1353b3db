import { bodyKind } from '../spec/codec.js';
import type { OperationInfo } from '../spec/load.js';
import type { HttpRequest } from './http.js';

/** A request body: its media type, its value (text or what encodes to it), and a content coding to send it in. */
export interface RequestBodyParts {
  mediaType: string;
  value: unknown;
  encoding?: 'gzip';
}

/** A step's request after examples are taken from the spec and `{{variables}}` are filled. */
export interface RequestParts {
  path: Record<string, unknown>;
  query: Record<string, unknown>;
  /** The request target as the scenario writes it; when set, `path` and `query` are not used. */
  url?: string;
  headers: Record<string, string>;
  body?: RequestBodyParts;
}

/**
 * Path segments are percent-encoded, except the separators GroundWork documents inside one
 * segment (`host-100,host-101`) and the characters RFC 3986 allows in a segment.
 */
export function encodeSegment(value: string): string {
  return encodeURIComponent(value).replace(/%2C/gi, ',').replace(/%3A/gi, ':').replace(/%40/gi, '@');
}

export function buildUrl(baseUrl: string, op: OperationInfo, parts: RequestParts): string {
  if (parts.url !== undefined) return `${baseUrl.replace(/\/+$/, '')}${parts.url}`;
  const path = op.path.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const value = parts.path[name];
    if (value === undefined) throw new Error(`path parameter '${name}' has no value`);
    // A list is the simple style's comma-separated values (`/api/hosts/a,b`), as String() writes it.
    return encodeSegment(
      Array.isArray(value) ? value.join(',') : typeof value === 'string' ? value : JSON.stringify(value),
    );
  });
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(parts.query)) {
    for (const v of Array.isArray(value) ? value : [value]) if (v !== undefined) search.append(name, String(v));
  }
  const query = search.toString();
  return `${baseUrl.replace(/\/+$/, '')}${path}${query ? `?${query}` : ''}`;
}

export function encodeRequestBody(mediaType: string, value: unknown): string {
  if (typeof value === 'string') return value;
  switch (bodyKind(mediaType)) {
    case 'form': {
      const form = new URLSearchParams();
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        for (const item of Array.isArray(v) ? v : [v]) form.append(k, String(item));
      }
      return form.toString();
    }
    default:
      return JSON.stringify(value);
  }
}

export function buildRequest(baseUrl: string, op: OperationInfo, parts: RequestParts): HttpRequest {
  const headers: Record<string, string> = { ...parts.headers };
  let body: string | undefined;
  if (parts.body) {
    body = encodeRequestBody(parts.body.mediaType, parts.body.value);
    if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type'))
      headers['Content-Type'] = parts.body.mediaType;
    if (parts.body.encoding) headers['Content-Encoding'] = parts.body.encoding;
  }
  const encoding = parts.body?.encoding;
  return {
    method: op.method.toUpperCase(),
    url: buildUrl(baseUrl, op, parts),
    headers,
    body,
    ...(encoding ? { contentEncoding: encoding } : {}),
  };
}

/** A header's value whatever the case of its name. */
export function headerValue(headers: Record<string, string>, name: string): string | undefined {
  const lower = name.toLowerCase();
  for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() === lower) return v;
  return undefined;
}
