import type { LoadedSpec, OperationInfo } from '../spec/load.js';
import type { OpenApiDocument } from '../spec/openapi.js';
import { present } from '../common/present.js';
import { hasOwnKeys } from '../common/own.js';
import { Memo } from '../common/memo.js';

interface Node {
  literal: Map<string, Node>;
  param?: { name: string; node: Node };
  /** Operations at this path, by upper-case method. */
  methods: Map<string, OperationInfo>;
  template?: string;
}

export type RouteMatch =
  | {
      kind: 'found';
      op: OperationInfo;
      params: Record<string, string>;
      /** The `servers` path the request came in under (`/foundation-webapp`), or `''`. */
      base: string;
    }
  | { kind: 'method-not-allowed'; allow: string[]; sample: OperationInfo }
  | { kind: 'not-found' };

/** How a vendor's paths may be spelled besides the spec's templates (read from its spec). */
export interface RoutingRules {
  /** Path prefixes of the spec's `servers` URLs: every operation is served under each as well. */
  mounts: string[];
  /** The spec's `x-trailing-slash: true`: `/api/hosts/` is `/api/hosts`. */
  trailingSlash: boolean;
}

/** The routing rules a spec states: its `servers` paths and its `x-trailing-slash`. */
export function routingRules(document: OpenApiDocument): RoutingRules {
  const mounts = new Set<string>();
  for (const server of document.servers ?? []) {
    if (server.url.includes('{')) continue;
    let path: string;
    try {
      path = new URL(server.url, 'http://server').pathname.replace(/\/+$/, '');
    } catch {
      continue;
    }
    if (path !== '') mounts.add(path);
  }
  return { mounts: [...mounts], trailingSlash: document['x-trailing-slash'] === true };
}

const newNode = (): Node => ({ literal: new Map(), methods: new Map() });

/**
 * Routes by the specs' path templates. A literal segment wins over a template segment
 * (`/api/hosts/filter` before `/api/hosts/{hostName}`), as OpenAPI prescribes. A path that matches
 * no template as written is tried once more the ways its vendor's spec allows (under a `servers`
 * path, without a trailing slash): one rule here, not a copy of each operation per spelling.
 */
/** Paths remembered per method, at most; then the memory starts afresh. */
const MAX_REMEMBERED_PATHS = 1024;
const MAX_REMEMBERED_METHODS = 16;
/** Longer paths are walked every time: a client's paths are short, a scanner's may not be. */
const MAX_REMEMBERED_PATH_LENGTH = 512;

export class Router {
  private readonly root = newNode();
  private readonly rules = new Map<string, RoutingRules>();
  /**
   * Matches already made, by method then path, frozen: clients ask for the same few paths again and
   * again, and splitting a path into segments, hashing each and decoding the parameters was near a
   * tenth of a simple GET. Forgotten whenever an operation is added.
   */
  private readonly remembered = new Memo<string, Memo<string, RouteMatch>>(MAX_REMEMBERED_METHODS);
  /**
   * Paths with a parameter segment matched once, by method: such a path is remembered only when it
   * comes again. Boomi's `…/response/{token}` names a new token every time, and remembering each
   * filled the memory with paths never asked for twice, and emptied it of those that are (every
   * 1,024 polls, `GET /api/hosts/localhost` was forgotten too).
   */
  private readonly seenOnce = new Memo<string, Memo<string, true>>(MAX_REMEMBERED_METHODS);

  /** Every operation of a spec, with the spec's routing rules. */
  addSpec(spec: LoadedSpec): void {
    for (const op of spec.operations) this.add(op);
    this.rules.set(spec.vendor, routingRules(spec.document));
    this.forget();
  }

  add(op: OperationInfo): void {
    this.forget();
    let node = this.root;
    for (const segment of op.path.split('/').slice(1)) {
      const name = /^\{(.+)\}$/.exec(segment)?.[1];
      if (name !== undefined) {
        if (node.param && node.param.name !== name) {
          throw new Error(`${op.path}: path parameter {${name}} collides with {${node.param.name}}`);
        }
        node.param ??= { name, node: newNode() };
        node = node.param.node;
      } else {
        let next = node.literal.get(segment);
        if (!next) node.literal.set(segment, (next = newNode()));
        node = next;
      }
    }
    const method = op.method.toUpperCase();
    const existing = node.methods.get(method);
    if (existing) {
      throw new Error(
        `${method} ${op.path} is served by both ${existing.vendor}:${existing.operationId} and ${op.vendor}:${op.operationId}`,
      );
    }
    node.methods.set(method, op);
    node.template = op.path;
  }

  /** The operation a request names; the answer is frozen (the same object for the same method and path). */
  match(method: string, pathname: string): RouteMatch {
    let paths = this.remembered.get(method);
    const known = paths?.get(pathname);
    if (known !== undefined) return known;
    const found = this.route(method, pathname);
    if (found.kind === 'found') Object.freeze(found.params);
    Object.freeze(found);
    if (pathname.length > MAX_REMEMBERED_PATH_LENGTH) return found;
    if (found.kind === 'found' && hasOwnKeys(found.params) && this.firstSight(method, pathname)) return found;
    // The in-process doors take any method name: a fuzzer's inventions are not all remembered (a Memo).
    paths ??= this.remembered.set(method, new Memo(MAX_REMEMBERED_PATHS));
    paths.set(pathname, found);
    return found;
  }

  /** True the first time a path is seen (noted, to be remembered if it comes again), false after. */
  private firstSight(method: string, pathname: string): boolean {
    const once = this.seenOnce.get(method) ?? this.seenOnce.set(method, new Memo(MAX_REMEMBERED_PATHS));
    if (once.delete(pathname)) return false;
    once.set(pathname, true);
    return true;
  }

  private forget(): void {
    this.remembered.clear();
    this.seenOnce.clear();
  }

  private route(method: string, pathname: string): RouteMatch {
    const exact = this.matchPath(method, pathname, '');
    if (exact.kind !== 'not-found') return exact;
    for (const [vendor, rules] of this.rules) {
      for (const base of ['', ...rules.mounts]) {
        if (base !== '' && !pathname.startsWith(`${base}/`)) continue;
        const rest = pathname.slice(base.length);
        const spellings =
          rules.trailingSlash && rest.length > 1 && rest.endsWith('/') ? [rest, rest.slice(0, -1)] : [rest];
        for (const spelling of spellings) {
          if (base === '' && spelling === pathname) continue;
          const found = this.matchPath(method, spelling, base);
          const op = found.kind === 'found' ? found.op : found.kind === 'method-not-allowed' ? found.sample : undefined;
          if (op?.vendor === vendor) return found;
        }
      }
    }
    return exact;
  }

  /** The vendor whose `servers` path the pathname is under, if any (to answer a 404 in its format). */
  mountedVendor(pathname: string): string | undefined {
    for (const [vendor, rules] of this.rules) {
      if (rules.mounts.some((base) => pathname === base || pathname.startsWith(`${base}/`))) return vendor;
    }
    return undefined;
  }

  private matchPath(method: string, pathname: string, base: string): RouteMatch {
    // The first segment is the empty one before the leading `/`: the walk starts after it.
    const segments = pathname.split('/');
    const params: Record<string, string> = {};
    const node = this.walk(this.root, segments, 1, params);
    if (!node || node.methods.size === 0) return { kind: 'not-found' };
    const op = node.methods.get(method) ?? (method === 'HEAD' ? node.methods.get('GET') : undefined);
    if (op) return { kind: 'found', op, params, base };
    return {
      kind: 'method-not-allowed',
      allow: [...node.methods.keys()].sort(),
      sample: present(node.methods.values().next().value, 'an operation of a matched path'),
    };
  }

  private walk(node: Node, segments: string[], i: number, params: Record<string, string>): Node | undefined {
    const segment = segments[i];
    if (segment === undefined) return node.methods.size > 0 ? node : undefined;
    // A parameter's node mostly has no literal sibling: a token is not hashed to learn that.
    const literal = node.literal.size > 0 ? node.literal.get(segment) : undefined;
    if (literal) {
      const found = this.walk(literal, segments, i + 1, params);
      if (found) return found;
    }
    if (node.param && segment !== '') {
      let value = segment;
      // Without a `%` there is nothing to decode (and nothing decodeURIComponent could refuse).
      if (segment.includes('%')) {
        try {
          value = decodeURIComponent(segment);
        } catch {
          return undefined;
        }
      }
      const found = this.walk(node.param.node, segments, i + 1, params);
      if (found) {
        params[node.param.name] = value;
        return found;
      }
    }
    return undefined;
  }
}
