import type { OperationInfo } from '../spec/load.js';

interface Node {
  literal: Map<string, Node>;
  param?: { name: string; node: Node };
  /** Operations at this path, by upper-case method. */
  methods: Map<string, OperationInfo>;
  template?: string;
}

export type RouteMatch =
  | { kind: 'found'; op: OperationInfo; params: Record<string, string> }
  | { kind: 'method-not-allowed'; allow: string[]; sample: OperationInfo }
  | { kind: 'not-found' };

const newNode = (): Node => ({ literal: new Map(), methods: new Map() });

/**
 * Routes by the specs' path templates. A literal segment wins over a template segment
 * (`/api/hosts/filter` before `/api/hosts/{hostName}`), as OpenAPI prescribes.
 */
export class Router {
  private readonly root = newNode();

  add(op: OperationInfo): void {
    let node = this.root;
    for (const segment of op.path.split('/').slice(1)) {
      const param = /^\{(.+)\}$/.exec(segment);
      if (param) {
        if (node.param && node.param.name !== param[1]) {
          throw new Error(`${op.path}: path parameter {${param[1]}} collides with {${node.param.name}}`);
        }
        node.param ??= { name: param[1]!, node: newNode() };
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
      throw new Error(`${method} ${op.path} is served by both ${existing.vendor}:${existing.operationId} and ${op.vendor}:${op.operationId}`);
    }
    node.methods.set(method, op);
    node.template = op.path;
  }

  match(method: string, pathname: string): RouteMatch {
    const segments = pathname.split('/').slice(1);
    const params: Record<string, string> = {};
    const node = this.walk(this.root, segments, 0, params);
    if (!node || node.methods.size === 0) return { kind: 'not-found' };
    const op = node.methods.get(method) ?? (method === 'HEAD' ? node.methods.get('GET') : undefined);
    if (op) return { kind: 'found', op, params };
    return { kind: 'method-not-allowed', allow: [...node.methods.keys()].sort(), sample: node.methods.values().next().value! };
  }

  private walk(node: Node, segments: string[], i: number, params: Record<string, string>): Node | undefined {
    if (i === segments.length) return node.methods.size > 0 ? node : undefined;
    const segment = segments[i]!;
    const literal = node.literal.get(segment);
    if (literal) {
      const found = this.walk(literal, segments, i + 1, params);
      if (found) return found;
    }
    if (node.param && segment !== '') {
      let value: string;
      try {
        value = decodeURIComponent(segment);
      } catch {
        return undefined;
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
