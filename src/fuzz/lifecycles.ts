import { AUTH_PROFILES, pointerGet } from '../conformance/auth.js';
import type { HttpResponse } from '../conformance/http.js';
import { interpolate } from '../conformance/interpolate.js';
import { bodyKind } from '../spec/codec.js';
import type { Vendor } from '../spec/vendors.js';
import { requestExampleValues } from './generate.js';
import type { OperationModel, VendorModel } from './model.js';
import type { Rng } from './random.js';

/**
 * use_after_free: create something, delete it (or log out, or consume it), then use it again; the
 * target must answer that it is gone. The specs have no links between operations, so each vendor's
 * lifecycles are named here by operationId, using what that vendor has: GroundWork hosts (Biz
 * feeder form, the host batch API, or a connector agent's inventory) and login sessions, Boomi's
 * one-time listener status tokens.
 * Moogsoft and Polarity have nothing to create and delete. Bodies start from the spec's examples.
 */

export type LifecycleVars = Map<string, string>;

export interface LifecycleRequest {
  path?: Record<string, string>;
  query?: Record<string, string>;
  body?: { mediaType: string; value: unknown };
  /** Credentials for this step instead of the run's own (a token the lifecycle obtained itself). */
  credentials?: Record<string, string>;
}

export interface LifecycleStep {
  operationId: string;
  request(vars: LifecycleVars): LifecycleRequest;
  /** `setup` must succeed (2xx) for the lifecycle to go on; `gone` is the use after free. */
  role: 'setup' | 'gone';
  /** For `gone`: the statuses that say the thing no longer exists. */
  gone?: number[];
  /** Takes what later steps need from the answer; false when it is not there. */
  capture?(response: HttpResponse, vars: LifecycleVars): boolean;
  /** Ask again while the answer has one of these statuses (Boomi's 202 "still working"). */
  pollWhile?: number[];
}

export interface Lifecycle {
  vendor: Vendor;
  name: string;
  /** What is freed and how it is used again, for reports. */
  description: string;
  steps: LifecycleStep[];
  /** The lifecycle's own names (host name, device), drawn from the case's generator. */
  vars(rng: Rng): LifecycleVars;
}

function example<T>(model: OperationModel | undefined, fallback: T): T {
  const first = model ? requestExampleValues(model)[0] : undefined;
  return (first === undefined ? fallback : structuredClone(first)) as T;
}

function jsonOrXml(model: OperationModel | undefined, rng: Rng): string {
  const types = model?.bodyTypes.filter((t) => bodyKind(t) === 'json' || bodyKind(t) === 'xml') ?? [];
  return types.length > 0 ? rng.pick(types) : 'application/json';
}

const hostVars =
  (prefix: string) =>
  (rng: Rng): LifecycleVars =>
    new Map([
      ['name', `${prefix}-${rng.hex(10)}`],
      ['device', `10.${rng.int(250) + 1}.${rng.int(250) + 1}.${rng.int(250) + 1}`],
    ]);

function groundwork(vendor: VendorModel): Lifecycle[] {
  const op = (id: string) => vendor.operations.find((o) => o.op.operationId === id);
  const out: Lifecycle[] = [];
  const getHost: LifecycleStep = {
    operationId: 'getHost',
    role: 'setup',
    request: (v) => ({ path: { hostName: v.get('name')! } }),
  };
  const getHostGone: LifecycleStep = {
    operationId: 'getHost',
    role: 'gone',
    gone: [404],
    request: (v) => ({ path: { hostName: v.get('name')! } }),
  };

  const bizForm = op('bizCreateOrUpdateHost');
  if (bizForm && op('getHost') && op('deleteHostsByName')) {
    const template = example<Record<string, unknown>>(bizForm, { agentId: 'understudy-fuzz', appType: 'NAGIOS' });
    out.push({
      vendor: 'groundwork',
      name: 'groundwork-biz-host',
      description:
        'host created by the Biz feeder (POST /api/biz/host), deleted by DELETE /api/hosts/{name}, then GET /api/hosts/{name} → 404',
      vars: hostVars('uaf-biz'),
      steps: [
        {
          operationId: 'bizCreateOrUpdateHost',
          role: 'setup',
          request: (v) => ({
            body: {
              mediaType: bizForm.bodyTypes[0]!,
              value: {
                ...template,
                host: v.get('name')!,
                device: v.get('device')!,
                status: 'UP',
                setStatusOnCreate: 'true',
              },
            },
          }),
        },
        getHost,
        { operationId: 'deleteHostsByName', role: 'setup', request: (v) => ({ path: { hostName: v.get('name')! } }) },
        getHostGone,
      ],
    });
  }

  const batch = op('createOrUpdateHosts');
  const deleteBatch = op('deleteHosts');
  if (batch && deleteBatch && op('getHost')) {
    const template = example<{ hosts?: Array<Record<string, unknown>> }>(batch, { hosts: [{ appType: 'NAGIOS' }] });
    const host = template.hosts?.[0] ?? { appType: 'NAGIOS' };
    out.push({
      vendor: 'groundwork',
      name: 'groundwork-host-batch',
      description:
        'host created by POST /api/hosts, deleted by DELETE /api/hosts (body), then GET /api/hosts/{name} → 404',
      vars: (rng) => {
        const vars = hostVars('uaf-batch')(rng);
        vars.set('createType', jsonOrXml(batch, rng));
        vars.set('deleteType', jsonOrXml(deleteBatch, rng));
        return vars;
      },
      steps: [
        {
          operationId: 'createOrUpdateHosts',
          role: 'setup',
          request: (v) => ({
            body: {
              mediaType: v.get('createType')!,
              value: { hosts: [{ ...host, hostName: v.get('name')!, deviceIdentification: v.get('device')! }] },
            },
          }),
        },
        getHost,
        {
          operationId: 'deleteHosts',
          role: 'setup',
          request: (v) => ({
            body: { mediaType: v.get('deleteType')!, value: { hosts: [{ hostName: v.get('name')! }] } },
          }),
        },
        getHostGone,
      ],
    });
  }

  const sync = op('synchronizeInventory');
  if (sync && op('deleteAgent') && op('getHost')) {
    out.push({
      vendor: 'groundwork',
      name: 'groundwork-connector-agent',
      description:
        'host synchronized by a connector agent (POST /api/synchronizer), the agent removed by DELETE /api/agents/{id}, then GET /api/hosts/{name} → 404',
      vars: (rng) => {
        const vars = hostVars('uaf-agent')(rng);
        vars.set('agent', `understudy-fuzz-${rng.hex(8)}`);
        return vars;
      },
      steps: [
        {
          operationId: 'synchronizeInventory',
          role: 'setup',
          request: (v) => ({
            query: { merge: 'true' },
            body: {
              mediaType: sync.bodyTypes[0]!,
              value: {
                context: { appType: 'VEMA', agentId: v.get('agent')! },
                resources: [{ name: v.get('name')!, device: v.get('device')!, services: [{ name: 'cpu' }] }],
              },
            },
          }),
        },
        getHost,
        { operationId: 'deleteAgent', role: 'setup', request: (v) => ({ path: { agentId: v.get('agent')! } }) },
        getHostGone,
      ],
    });
  }

  const login = AUTH_PROFILES.groundwork.login;
  const [tokenHeader, appHeader] = ['GwosApiToken', 'GwosAppName'].map((n) => vendor.spec.securitySchemes[n]?.name);
  const logout = op('logout');
  const validate = op('validateToken');
  const getHosts = op('getHosts');
  const loginOp = login && op(login.operation);
  const c = vendor.credentials;
  if (login?.form && loginOp && logout && validate && getHosts && tokenHeader && appHeader && c.user && c.password) {
    const form = interpolate(login.form, new Map<string, unknown>(Object.entries(c))) as Record<string, string>;
    const tokenForm = (v: LifecycleVars) => ({
      mediaType: logout.bodyTypes[0]!,
      value: { 'gwos-app-name': v.get('app')!, 'gwos-api-token': v.get('token')! },
    });
    out.push({
      vendor: 'groundwork',
      name: 'groundwork-session',
      description:
        'token from POST /api/auth/login, logged out by POST /api/auth/logout, then used on GET /api/hosts → 401',
      vars: (rng) => new Map([['app', `${c.appName ?? 'understudy'}-uaf-${rng.hex(6)}`]]),
      steps: [
        {
          operationId: loginOp.op.operationId,
          role: 'setup',
          request: (v) => ({
            body: { mediaType: loginOp.bodyTypes[0]!, value: { ...form, 'gwos-app-name': v.get('app')! } },
          }),
          capture: (response, v) => {
            const token = response.text.trim();
            if (token === '') return false;
            v.set('token', token);
            return true;
          },
        },
        { operationId: 'validateToken', role: 'setup', request: (v) => ({ body: tokenForm(v) }) },
        { operationId: 'logout', role: 'setup', request: (v) => ({ body: tokenForm(v) }) },
        {
          operationId: 'getHosts',
          role: 'gone',
          gone: [401],
          request: (v) => ({ credentials: { [tokenHeader]: v.get('token')!, [appHeader]: v.get('app')! } }),
        },
      ],
    });
  }
  return out;
}

function boomi(vendor: VendorModel): Lifecycle[] {
  const op = (id: string) => vendor.operations.find((o) => o.op.operationId === id);
  const out: Lifecycle[] = [];
  const accountId = vendor.credentials.accountId;
  if (!accountId) return out;
  for (const [name, query, result, label] of [
    ['boomi-listener-token', 'queryListenerStatus', 'getListenerStatusResult', 'async/ListenerStatus'],
    [
      'boomi-listener-token-legacy',
      'queryListenerStatusLegacy',
      'getListenerStatusResultLegacy',
      'ListenerStatus/query/async',
    ],
  ] as const) {
    const queryOp = op(query);
    if (!queryOp || !op(result)) continue;
    const examples = requestExampleValues(queryOp);
    // The example that names only the container: any account's container is accepted.
    const body = examples[examples.length - 1] ?? {
      QueryFilter: { expression: { operator: 'EQUALS', property: 'containerId', argument: ['understudy'] } },
    };
    const fetchResult = (role: 'setup' | 'gone'): LifecycleStep => ({
      operationId: result,
      role,
      ...(role === 'gone' ? { gone: [204, 410] } : { pollWhile: [202] }),
      request: (v) => ({ path: { accountId, token: v.get('token')! } }),
    });
    out.push({
      vendor: 'boomi',
      name,
      description: `listener status token from POST …/${label} query, its result fetched once (200), then fetched again → 204 or 410, never the result twice`,
      vars: () => new Map(),
      steps: [
        {
          operationId: query,
          role: 'setup',
          request: () => ({
            path: { accountId },
            body: { mediaType: queryOp.bodyTypes[0]!, value: structuredClone(body) },
          }),
          capture: (response, v) => {
            let token: unknown;
            try {
              token = pointerGet(JSON.parse(response.text), '/asyncToken/token');
            } catch {
              return false;
            }
            if (typeof token !== 'string' || token === '') return false;
            v.set('token', token);
            return true;
          },
        },
        fetchResult('setup'),
        fetchResult('gone'),
      ],
    });
  }
  return out;
}

/** Every lifecycle the vendor's spec and credentials allow. */
export function lifecyclesFor(vendor: VendorModel): Lifecycle[] {
  switch (vendor.vendor) {
    case 'groundwork':
      return groundwork(vendor);
    case 'boomi':
      return boomi(vendor);
    default:
      return [];
  }
}
