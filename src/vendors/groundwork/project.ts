import type { components } from '../../generated/groundwork.js';
import type { GroundworkState, HostRecord, ServiceRecord } from './state.js';
import { checkType, monitorStatus, stateType, summarizeServices } from './statuses.js';

type Host = components['schemas']['Host'];
type Service = components['schemas']['Service'];

/**
 * The depths of §2.1.5, with the two the seed names but does not describe:
 * - simple: the host's own attributes (shallow without properties);
 * - shallow: attributes, 1:1 association names (appType, deviceIdentification, deviceDisplayName),
 *   properties;
 * - deep: shallow plus serviceCount and the associations, each shallow: device, hostStatus,
 *   services (with their properties), hostGroups, applicationType;
 * - sync: what a feeder needs to reconcile its inventory, cheaply: simple plus serviceCount and
 *   the services at simple depth (no properties);
 * - full: the same as deep (this mock has nothing deeper to add).
 */
export type Depth = 'simple' | 'shallow' | 'deep' | 'sync' | 'full';

/** The spec's pattern has already checked the value; GroundWork matches it in any case. */
export function parseDepth(text: string | undefined): Depth {
  return (text ?? 'shallow').toLowerCase() as Depth;
}

/**
 * Without its undefined members: GroundWork omits empty attributes, and the schemas reject
 * undefined. Copied rather than deleted from, so 100,000 projections share one object shape.
 */
function defined<T extends object>(value: T): T {
  const out = {} as Record<string, unknown>;
  for (const key in value) if (value[key] !== undefined) out[key] = value[key];
  return out as T;
}

export function projectHost(state: GroundworkState, host: HostRecord, depth: Depth): Host {
  const device = state.devices.get(host.deviceIdentification);
  const summary = summarizeServices(host.monitorStatus, host.services.values());
  const out: Host = defined({
    id: host.id,
    hostName: host.hostName,
    description: host.description,
    monitorStatus: host.monitorStatus,
    appType: host.appType,
    deviceIdentification: host.deviceIdentification,
    deviceDisplayName: device?.displayName,
    lastCheckTime: host.lastCheckTime,
    nextCheckTime: host.nextCheckTime,
    bubbleUpStatus: summary.bubbleUpStatus,
    serviceAvailability: summary.serviceAvailability,
    acknowledged: host.acknowledged,
    agentId: host.agentId,
    stateType: host.stateType,
    checkType: host.checkType,
    lastStateChange: host.lastStateChange,
    lastPlugInOutput: host.lastPlugInOutput,
  });
  const withProperties = depth !== 'simple' && depth !== 'sync';
  if (withProperties && Object.keys(host.properties).length > 0) out.properties = { ...host.properties };
  if (depth === 'sync') {
    out.serviceCount = host.services.size;
    out.services = [...host.services.values()].map((s) => projectService(host, s, false));
  }
  if (depth === 'deep' || depth === 'full') Object.assign(out, associations(state, host));
  return out;
}

function associations(state: GroundworkState, host: HostRecord): Partial<Host> {
  const device = state.devices.get(host.deviceIdentification);
  const app = state.applicationTypes.get(host.appType);
  return defined({
    serviceCount: host.services.size,
    device: device && defined({ id: device.id, displayName: device.displayName, identification: device.identification }),
    hostStatus: defined({
      hostStatusId: host.id,
      hostMonitorStatus: monitorStatus(host.monitorStatus),
      lastCheckTime: host.lastCheckTime,
      nextCheckTime: host.nextCheckTime,
      checkType: host.checkType === undefined ? undefined : checkType(host.checkType),
      stateType: host.stateType === undefined ? undefined : stateType(host.stateType),
    }),
    services: [...host.services.values()].map((s) => projectService(host, s, true)),
    hostGroups: host.hostGroups.map((name) => {
      const group = state.hostGroups.get(name);
      return defined({ id: group?.id, name, appType: group?.appType });
    }),
    applicationType: app
      ? defined({
          id: app.id,
          name: app.name,
          description: app.description,
          stateTransitionCriteria: app.stateTransitionCriteria,
          properties: { ...app.properties },
        })
      : { name: host.appType },
  });
}

export function projectService(host: HostRecord, service: ServiceRecord, withProperties = true): Service {
  const out: Service = defined({
    id: service.id,
    appType: service.appType,
    description: service.description,
    monitorStatus: service.monitorStatus,
    lastCheckTime: service.lastCheckTime,
    nextCheckTime: service.nextCheckTime,
    lastStateChange: service.lastStateChange,
    hostName: host.hostName,
    stateType: service.stateType,
    checkType: service.checkType,
    lastHardState: service.lastHardState,
    agentId: service.agentId,
    monitorServer: service.monitorServer,
    deviceIdentification: host.deviceIdentification,
    lastPlugInOutput: service.lastPlugInOutput,
  });
  if (withProperties && Object.keys(service.properties).length > 0) out.properties = { ...service.properties };
  return out;
}
