// GroundWork's use-after-free lifecycles for fuzz: a host created three ways (Biz feeder form, the
// host batch API, a connector agent's inventory), deleted, then read → 404; a login session
// logged out, then used → 401.
import type { Lifecycle, LifecycleKit, LifecycleStep, LifecycleVars } from '../../fuzz/lifecycle-types.js';
import type { OperationModel, VendorModel } from '../../fuzz/model-types.js';
import type { Rng } from '../../fuzz/random.js';
import { GROUNDWORK_AUTH } from './auth-profile.js';
import { present } from '../../common/present.js';

const hostVars =
  (prefix: string) =>
  (rng: Rng): LifecycleVars =>
    new Map([
      ['name', `${prefix}-${rng.hex(10)}`],
      ['device', `10.${rng.int(250) + 1}.${rng.int(250) + 1}.${rng.int(250) + 1}`],
    ]);

type Find = (operationId: string) => OperationModel | undefined;

/** A value the lifecycle drew or captured earlier (its name, device, token...). */
const captured = (v: LifecycleVars, key: string): string => present(v.get(key), `captured ${key}`);

const getHost: LifecycleStep = {
  operationId: 'getHost',
  role: 'setup',
  request: (v) => ({ path: { hostName: captured(v, 'name') } }),
};
const getHostGone: LifecycleStep = { ...getHost, role: 'gone', gone: [404] };

export function groundworkLifecycles(vendor: VendorModel, kit: LifecycleKit): Lifecycle[] {
  const op: Find = (id) => vendor.operations.find((o) => o.op.operationId === id);
  return [bizHost(op, kit), hostBatch(op, kit), connectorAgent(op), session(vendor, op, kit)].filter(
    (l) => l !== undefined,
  );
}

function bizHost(op: Find, kit: LifecycleKit): Lifecycle | undefined {
  const bizForm = op('bizCreateOrUpdateHost');
  if (!bizForm || !op('getHost') || !op('deleteHostsByName')) return undefined;
  const template = kit.example<Record<string, unknown>>(bizForm, { agentId: 'understudy-fuzz', appType: 'NAGIOS' });
  return {
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
            mediaType: present(bizForm.bodyTypes[0], 'bizForm body type'),
            value: {
              ...template,
              host: captured(v, 'name'),
              device: captured(v, 'device'),
              status: 'UP',
              setStatusOnCreate: 'true',
            },
          },
        }),
      },
      getHost,
      {
        operationId: 'deleteHostsByName',
        role: 'setup',
        request: (v) => ({ path: { hostName: captured(v, 'name') } }),
      },
      getHostGone,
    ],
  };
}

function hostBatch(op: Find, kit: LifecycleKit): Lifecycle | undefined {
  const batch = op('createOrUpdateHosts');
  const deleteBatch = op('deleteHosts');
  if (!batch || !deleteBatch || !op('getHost')) return undefined;
  const template = kit.example<{ hosts?: Array<Record<string, unknown>> }>(batch, { hosts: [{ appType: 'NAGIOS' }] });
  const host = template.hosts?.[0] ?? { appType: 'NAGIOS' };
  return {
    vendor: 'groundwork',
    name: 'groundwork-host-batch',
    description:
      'host created by POST /api/hosts, deleted by DELETE /api/hosts (body), then GET /api/hosts/{name} → 404',
    vars: (rng) => {
      const vars = hostVars('uaf-batch')(rng);
      vars.set('createType', kit.jsonOrXml(batch, rng));
      vars.set('deleteType', kit.jsonOrXml(deleteBatch, rng));
      return vars;
    },
    steps: [
      {
        operationId: 'createOrUpdateHosts',
        role: 'setup',
        request: (v) => ({
          body: {
            mediaType: captured(v, 'createType'),
            value: {
              hosts: [{ ...host, hostName: captured(v, 'name'), deviceIdentification: captured(v, 'device') }],
            },
          },
        }),
      },
      getHost,
      {
        operationId: 'deleteHosts',
        role: 'setup',
        request: (v) => ({
          body: { mediaType: captured(v, 'deleteType'), value: { hosts: [{ hostName: captured(v, 'name') }] } },
        }),
      },
      getHostGone,
    ],
  };
}

function connectorAgent(op: Find): Lifecycle | undefined {
  const sync = op('synchronizeInventory');
  if (!sync || !op('deleteAgent') || !op('getHost')) return undefined;
  return {
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
            mediaType: present(sync.bodyTypes[0], 'sync body type'),
            value: {
              context: { appType: 'VEMA', agentId: captured(v, 'agent') },
              resources: [{ name: captured(v, 'name'), device: captured(v, 'device'), services: [{ name: 'cpu' }] }],
            },
          },
        }),
      },
      getHost,
      {
        operationId: 'deleteAgent',
        role: 'setup',
        request: (v) => ({ path: { agentId: captured(v, 'agent') } }),
      },
      getHostGone,
    ],
  };
}

function session(vendor: VendorModel, op: Find, kit: LifecycleKit): Lifecycle | undefined {
  const login = GROUNDWORK_AUTH.login;
  const [tokenHeader, appHeader] = ['GwosApiToken', 'GwosAppName'].map((n) => vendor.spec.securitySchemes[n]?.name);
  const logout = op('logout');
  const loginOp = login && op(login.operation);
  const c = vendor.credentials;
  if (!login?.form || !loginOp || !logout || !op('validateToken') || !op('getHosts')) return undefined;
  if (!tokenHeader || !appHeader || !c.user || !c.password) return undefined;
  const form = kit.interpolate(login.form, new Map<string, unknown>(Object.entries(c))) as Record<string, string>;
  const tokenForm = (v: LifecycleVars) => ({
    mediaType: present(logout.bodyTypes[0], 'logout body type'),
    value: { 'gwos-app-name': captured(v, 'app'), 'gwos-api-token': captured(v, 'token') },
  });
  return {
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
          body: {
            mediaType: present(loginOp.bodyTypes[0], 'loginOp body type'),
            value: { ...form, 'gwos-app-name': captured(v, 'app') },
          },
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
        request: (v) => ({ credentials: { [tokenHeader]: captured(v, 'token'), [appHeader]: captured(v, 'app') } }),
      },
    ],
  };
}
