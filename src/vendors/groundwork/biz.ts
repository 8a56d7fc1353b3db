import type { components, operations } from '../../generated/groundwork.js';
import { HttpError } from '../../mock/errors.js';
import type { Handlers } from '../../mock/types.js';
import { applyHost, applyService, planHost, planService, type BizHostInput, type BizServiceInput } from './feed.js';
import { projectHost, projectService } from './project.js';
import {
  entityName,
  hostSuccess,
  rememberedFailure,
  resultsOf,
  serviceEntity,
  serviceSuccess,
  type Result,
} from './results.js';
import { hostKey, keyOf, type GroundworkState } from './state.js';
import { Instant } from './time.js';
import { present } from '../../common/present.js';
import { Memo } from '../../common/memo.js';

type BizHost = components['schemas']['BizHost'];
type BizHostService = components['schemas']['BizHostService'];

type BizOperations =
  'bizCreateOrUpdateHost' | 'bizCreateOrUpdateService' | 'bizCreateOrUpdateHosts' | 'bizCreateOrUpdateServices';

/**
 * A nested service takes `host`, `message`, `appType` and `agentId` from its parent when it leaves
 * them out (§30.3). Every field is written out rather than spread: V8 gives an object spread and
 * then extended a map of its own on every call, which made this the feeder's hottest line and every
 * later read of the input megamorphic. The type lists each field, so a new one cannot be missed.
 */
function inherit(parent: BizHost, hostName: string, service: BizHostService): BizServiceInput {
  const input: { [K in keyof Required<BizServiceInput>]: BizServiceInput[K] | undefined } = {
    host: hostName,
    service: service.service,
    status: service.status,
    message: service.message ?? parent.message,
    serviceGroup: service.serviceGroup,
    serviceCategory: service.serviceCategory,
    hostGroup: service.hostGroup,
    hostCategory: service.hostCategory,
    device: service.device,
    appType: service.appType ?? parent.appType,
    agentId: service.agentId ?? parent.agentId,
    serviceValue: service.serviceValue,
    metricType: service.metricType,
    warningLevel: service.warningLevel,
    criticalLevel: service.criticalLevel,
    checkIntervalMinutes: service.checkIntervalMinutes,
    allowInserts: service.allowInserts,
    mergeHosts: service.mergeHosts,
    setStatusOnCreate: service.setStatusOnCreate,
    properties: service.properties,
  };
  return input as BizServiceInput;
}

/** A refused host's results, the host's then its services', as last answered (refusedHost). */
interface RefusedHost {
  message: string;
  services: string[];
  results: readonly Result[];
}

const refusedHosts = new Memo<string, RefusedHost>(256);

/**
 * The failures of a refused host and of each of its services (which fail with it), handed out again
 * while the host is refused for the same reason with the same services: a feeder re-sends a bad
 * batch every cycle, and comparing the reason and the service names costs less than spelling each
 * service's entity and message and looking each up (rememberedFailure). The latest 256 hosts.
 */
function refusedHost(name: string, message: string, services: readonly unknown[]): readonly Result[] {
  // A refused entity (req.refused) may be anything, null included.
  const serviceName = (s: unknown) =>
    entityName(s !== null && typeof s === 'object' ? (s as { service?: unknown }).service : undefined, '(Unknown)');
  const kept = refusedHosts.get(name);
  if (
    kept?.message === message &&
    kept.services.length === services.length &&
    kept.services.every((service, i) => service === serviceName(services[i]))
  ) {
    return kept.results;
  }
  const names = services.map(serviceName);
  const why = `host '${name}' was not created or updated: ${message}`;
  const results = [
    rememberedFailure(name, message),
    ...names.map((service) => rememberedFailure(serviceEntity(name, service), why)),
  ];
  return refusedHosts.set(name, { message, services: names, results }).results;
}

/**
 * The form calls answer one entity, so a refused one is an error: 400, the only client error the
 * spec documents for them (there is no 404), with the reason as the message.
 */
export const bizHandlers: Pick<Handlers<operations, GroundworkState>, BizOperations> = {
  bizCreateOrUpdateHost: (req, { state, now, changed }) => {
    const planned = planHost(state, req.body);
    if (!planned.ok) throw new HttpError(400, planned.message);
    const { host } = applyHost(state, planned.plan, new Instant(now()));
    changed();
    return { status: 200, body: projectHost(state, host, 'deep') };
  },

  bizCreateOrUpdateService: (req, { state, now, changed }) => {
    const planned = planService(state, req.body);
    if (!planned.ok) throw new HttpError(400, planned.message);
    const { host, service } = applyService(state, planned.plan, new Instant(now()));
    changed();
    return { status: 200, body: projectService(host, service) };
  },

  bizCreateOrUpdateHosts: (req, { state, now, changed }) => {
    const at = new Instant(now());
    const results: Result[] = [];
    const { hosts } = req.body;
    // Indexed loops: entries() made an iterator and an [index, value] pair per host and per service.
    for (let h = 0; h < hosts.length; h++) {
      const entry = present(hosts[h], 'host entry');
      // The host is planned from the entry itself: the feed never reads `services`, and a rest copy
      // without it cost as much as the spread in inherit().
      const input: BizHostInput = entry;
      const services = Array.isArray(entry.services) ? entry.services : [];
      const refused = req.refused?.get(`/hosts/${h}`);
      const planned = refused ? { ok: false as const, message: refused.join('; ') } : planHost(state, input);
      if (!planned.ok) {
        // As the server's BizResource reports a host it cannot identify.
        for (const r of refusedHost(entityName(input.host, '(Unknown)'), planned.message, services)) results.push(r);
        continue;
      }
      const { host, inserted } = applyHost(state, planned.plan, at);
      results.push(hostSuccess(host, req.baseUrl, host.hostName, inserted ? 'Insert' : 'Update'));
      for (let s = 0; s < services.length; s++) {
        const nested = present(services[s], 'nested service');
        const why = req.refused?.get(`/hosts/${h}/services/${s}`);
        if (why) {
          results.push(
            rememberedFailure(serviceEntity(host.hostName, entityName(nested.service, '(Unknown)')), why.join('; ')),
          );
          continue;
        }
        if (nested.host !== undefined && hostKey(nested.host) !== keyOf(host)) {
          results.push(
            rememberedFailure(
              serviceEntity(host.hostName, nested.service),
              `service names host '${nested.host}' but is nested in host '${host.hostName}'`,
            ),
          );
          continue;
        }
        const plannedService = planService(state, inherit(entry, host.hostName, nested), host);
        if (!plannedService.ok) {
          results.push(rememberedFailure(serviceEntity(host.hostName, nested.service), plannedService.message));
          continue;
        }
        const applied = applyService(state, plannedService.plan, at);
        results.push(
          serviceSuccess(
            applied.service,
            req.baseUrl,
            host.hostName,
            nested.service,
            applied.inserted ? 'Insert' : 'Update',
          ),
        );
      }
    }
    changed();
    return { status: 200, body: resultsOf('Host', 'Update', results, true) };
  },

  bizCreateOrUpdateServices: (req, { state, now, changed }) => {
    const at = new Instant(now());
    // §30.4.5: the hosts involved come first, once each, then the services.
    const hostResults = new Map<string, Result>();
    const serviceResults: Result[] = [];
    for (const [i, input] of req.body.services.entries()) {
      const why = req.refused?.get(`/services/${i}`);
      if (why) {
        serviceResults.push(
          rememberedFailure(
            serviceEntity(entityName(input.host, '(Unknown)'), entityName(input.service, '(Unknown)')),
            why.join('; '),
          ),
        );
        continue;
      }
      const planned = planService(state, input);
      if (!planned.ok) {
        serviceResults.push(rememberedFailure(serviceEntity(input.host, input.service), planned.message));
        continue;
      }
      const { host, hostInserted, service, inserted } = applyService(state, planned.plan, at);
      const key = keyOf(host);
      if (!hostResults.has(key)) {
        hostResults.set(key, hostSuccess(host, req.baseUrl, host.hostName, hostInserted ? 'Insert' : 'Update'));
      }
      serviceResults.push(
        serviceSuccess(service, req.baseUrl, host.hostName, service.description, inserted ? 'Insert' : 'Update'),
      );
    }
    changed();
    return {
      status: 200,
      body: resultsOf('ServiceStatus', 'Update', [...hostResults.values(), ...serviceResults], true),
    };
  },
};
