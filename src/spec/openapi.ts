// The slice of OpenAPI 3.1 this project reads. These describe OpenAPI itself, not a vendor shape:
// vendor shapes come only from the specs (src/generated/).

export type JsonSchema = {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  required?: string[];
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  allOf?: JsonSchema[];
  description?: string;
  deprecated?: boolean;
  xml?: { name?: string; attribute?: boolean; wrapped?: boolean };
  'x-xml-map'?: XmlMap;
  [keyword: string]: unknown;
};

/**
 * Our one XML extension (specs/README.md): a map written as `<wrapper><entry key=".." value=".."/></wrapper>`,
 * or, without `value`, with each value as the entry's content (`<entry key=".."><list>..</list></entry>`).
 * `wrapper` may be a path of nested elements (`outer/inner`).
 */
export interface XmlMap {
  wrapper?: string;
  entry: string;
  key: string;
  value?: string;
  /**
   * An empty map is written as the wrapper's outer element, empty (`<serviceHostNames/>`), as JAXB
   * writes a map an XmlAdapter turns into an object; without it, an empty map is no element at all.
   */
  emptyElement?: boolean;
}

export interface Example {
  summary?: string;
  description?: string;
  value?: unknown;
  $ref?: string;
}

export interface MediaType {
  schema?: JsonSchema;
  examples?: Record<string, Example>;
}

export interface Parameter {
  name: string;
  in: 'query' | 'path' | 'header' | 'cookie';
  required?: boolean;
  deprecated?: boolean;
  description?: string;
  schema?: JsonSchema;
  examples?: Record<string, Example>;
  $ref?: string;
}

export interface RequestBody {
  required?: boolean;
  content: Record<string, MediaType>;
  $ref?: string;
}

export interface Header {
  required?: boolean;
  schema?: JsonSchema;
  description?: string;
  $ref?: string;
}

export interface Response {
  description: string;
  headers?: Record<string, Header>;
  content?: Record<string, MediaType>;
  $ref?: string;
}

export type SecurityRequirement = Record<string, string[]>;

export interface SecurityScheme {
  type: 'http' | 'apiKey' | 'oauth2' | 'openIdConnect' | 'mutualTLS';
  scheme?: string;
  in?: 'header' | 'query' | 'cookie';
  name?: string;
  description?: string;
}

export interface Operation {
  operationId?: string;
  summary?: string;
  description?: string;
  tags?: string[];
  deprecated?: boolean;
  parameters?: Parameter[];
  requestBody?: RequestBody;
  /** Optional in OpenAPI 3.1 (as `paths` is). */
  responses?: Record<string, Response>;
  security?: SecurityRequirement[];
  'x-source'?: string;
  /** A method that usually changes state but here changes nothing the target holds (a query sent by POST). */
  'x-read-only'?: boolean;
}

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

export type PathItem = { parameters?: Parameter[] } & { [M in HttpMethod]?: Operation };

export interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string; description?: string };
  servers?: Array<{ url: string; description?: string }>;
  paths?: Record<string, PathItem>;
  components?: {
    schemas?: Record<string, JsonSchema>;
    parameters?: Record<string, Parameter>;
    requestBodies?: Record<string, RequestBody>;
    responses?: Record<string, Response>;
    headers?: Record<string, Header>;
    examples?: Record<string, Example>;
    securitySchemes?: Record<string, SecurityScheme>;
  };
  security?: SecurityRequirement[];
  tags?: Array<{ name: string; description?: string }>;
  /** Routing: a path with a trailing slash is the same path without it (see specs/README.md). */
  'x-trailing-slash'?: boolean;
  /** The `Content-Encoding`s a request body may arrive in, besides identity (see specs/README.md). */
  'x-content-encodings'?: Array<'gzip' | 'deflate'>;
}
