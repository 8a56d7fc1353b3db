// GroundWork's use-after-free lifecycles for fuzz: a host created three ways (Biz feeder form, the
// host batch API, a connector agent's inventory), deleted, then read → 404; a login session
// logged out, then used → 401.
import type { Lifecycle, LifecycleKit, LifecycleStep, LifecycleVars } from '../../fuzz/lifecycle-types.js';
import type { VendorModel } from '../../fuzz/model-types.js';
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

export function groundworkLifecycles(vendor: VendorModel, kit: LifecycleKit): Lifecycle[] {
  const op = (id: string) => vendor.operations.find((o) => o.op.operationId === id);
  const out: Lifecycle[] = [];
  const getHost: LifecycleStep = {
    operationId: 'getHost',
    role: 'setup',
    request: (v) => ({ path: { hostName: present(v.get('name'), 'captured name') } }),
  };
  const getHostGone: LifecycleStep = {
    operationId: 'getHost',
    role: 'gone',
    gone: [404],
    request: (v) => ({ path: { hostName: present(v.get('name'), 'captured name') } }),
  };

  const bizForm = op('bizCreateOrUpdateHost');
  if (bizForm && op('getHost') && op('deleteHostsByName')) {
    const template = kit.example<Record<string, unknown>>(bizForm, { agentId: 'understudy-fuzz', appType: 'NAGIOS' });
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
              mediaType: present(bizForm.bodyTypes[0], 'bizForm body type'),
              value: {
                ...template,
                host: present(v.get('name'), 'captured name'),
                device: present(v.get('device'), 'captured device'),
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
          request: (v) => ({ path: { hostName: present(v.get('name'), 'captured name') } }),
        },
        getHostGone,
      ],
    });
  }

  const batch = op('createOrUpdateHosts');
  const deleteBatch = op('deleteHosts');
  if (batch && deleteBatch && op('getHost')) {
    const template = kit.example<{ hosts?: Array<Record<string, unknown>> }>(batch, { hosts: [{ appType: 'NAGIOS' }] });
    const host = template.hosts?.[0] ?? { appType: 'NAGIOS' };
    out.push({
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
              mediaType: present(v.get('createType'), 'captured createType'),
              value: {
                hosts: [
                  {
                    ...host,
                    hostName: present(v.get('name'), 'captured name'),
                    deviceIdentification: present(v.get('device'), 'captured device'),
                  },
                ],
              },
            },
          }),
        },
        getHost,
        {
          operationId: 'deleteHosts',
          role: 'setup',
          request: (v) => ({
            body: {
              mediaType: present(v.get('deleteType'), 'captured deleteType'),
              value: { hosts: [{ hostName: present(v.get('name'), 'captured name') }] },
            },
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
              mediaType: present(sync.bodyTypes[0], 'sync body type'),
              value: {
                context: { appType: 'VEMA', agentId: present(v.get('agent'), 'captured agent') },
                resources: [
                  {
                    name: present(v.get('name'), 'captured name'),
                    device: present(v.get('device'), 'captured device'),
                    services: [{ name: 'cpu' }],
                  },
                ],
              },
            },
          }),
        },
        getHost,
        {
          operationId: 'deleteAgent',
          role: 'setup',
          request: (v) => ({ path: { agentId: present(v.get('agent'), 'captured agent') } }),
        },
        getHostGone,
      ],
    });
  }

  const login = GROUNDWORK_AUTH.login;
  const [tokenHeader, appHeader] = ['GwosApiToken', 'GwosAppName'].map((n) => vendor.spec.securitySchemes[n]?.name);
  const logout = op('logout');
  const validate = op('validateToken');
  const getHosts = op('getHosts');
  const loginOp = login && op(login.operation);
  const c = vendor.credentials;
  if (login?.form && loginOp && logout && validate && getHosts && tokenHeader && appHeader && c.user && c.password) {
    const form = kit.interpolate(login.form, new Map<string, unknown>(Object.entries(c))) as Record<string, string>;
    const tokenForm = (v: LifecycleVars) => ({
      mediaType: present(logout.bodyTypes[0], 'logout body type'),
      value: {
        'gwos-app-name': present(v.get('app'), 'captured app'),
        'gwos-api-token': present(v.get('token'), 'captured token'),
      },
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
            body: {
              mediaType: present(loginOp.bodyTypes[0], 'loginOp body type'),
              value: { ...form, 'gwos-app-name': present(v.get('app'), 'captured app') },
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
          request: (v) => ({
            credentials: {
              [tokenHeader]: present(v.get('token'), 'captured token'),
              [appHeader]: present(v.get('app'), 'captured app'),
            },
          }),
        },
      ],
    });
  }
  return out;
}
