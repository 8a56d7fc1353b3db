import type { components } from '../../generated/groundwork.js';
import type { Device, GroundworkState, HostRecord, ServiceRecord } from './state.js';
import { checkType, monitorStatus, stateType, summarizeServices } from './statuses.js';
import { hasOwnKeys } from '../../common/own.js';

type Host = components['schemas']['Host'];
type Service = components['schemas']['Service'];

/**
 * The depths of §2.1.5, with the two the vendor document names but does not describe:
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

/*
 * A projection has only the attributes with a value, in the order the vendor prints them:
 * GroundWork omits empty attributes, and the schemas reject undefined. They are written one by
 * one, not copied out of a literal by one shared helper: that helper's keyed stores saw every
 * shape there is and went megamorphic, which made a deep projection cost seven shallow ones. Every
 * projection of a kind still gets the same object shape (for the same attributes present).
 */

export function projectHost(state: GroundworkState, host: HostRecord, depth: Depth): Host {
  const device = state.devices.get(host.deviceIdentification);
  const summary = summarizeServices(host.monitorStatus, host.services.values());
  const out = {} as Host;
  out.id = host.id;
  out.hostName = host.hostName;
  if (host.description !== undefined) out.description = host.description;
  out.monitorStatus = host.monitorStatus;
  out.appType = host.appType;
  out.deviceIdentification = host.deviceIdentification;
  if (device?.displayName !== undefined) out.deviceDisplayName = device.displayName;
  if (host.lastCheckTime !== undefined) out.lastCheckTime = host.lastCheckTime;
  if (host.nextCheckTime !== undefined) out.nextCheckTime = host.nextCheckTime;
  out.bubbleUpStatus = summary.bubbleUpStatus;
  out.serviceAvailability = summary.serviceAvailability;
  out.acknowledged = host.acknowledged;
  if (host.agentId !== undefined) out.agentId = host.agentId;
  if (host.stateType !== undefined) out.stateType = host.stateType;
  if (host.checkType !== undefined) out.checkType = host.checkType;
  if (host.lastStateChange !== undefined) out.lastStateChange = host.lastStateChange;
  if (host.lastPlugInOutput !== undefined) out.lastPlugInOutput = host.lastPlugInOutput;
  const withProperties = depth !== 'simple' && depth !== 'sync';
  if (withProperties && hasOwnKeys(host.properties)) out.properties = { ...host.properties };
  if (depth === 'sync') {
    out.serviceCount = host.services.size;
    out.services = [...host.services.values()].map((s) => projectService(host, s, false));
  }
  if (depth === 'deep' || depth === 'full') addAssociations(state, host, device, out);
  return out;
}

function addAssociations(state: GroundworkState, host: HostRecord, device: Device | undefined, out: Host): void {
  out.serviceCount = host.services.size;
  if (device) {
    const view: NonNullable<Host['device']> = {};
    view.id = device.id;
    if (device.displayName !== undefined) view.displayName = device.displayName;
    view.identification = device.identification;
    out.device = view;
  }
  const status: NonNullable<Host['hostStatus']> = {};
  status.hostStatusId = host.id;
  status.hostMonitorStatus = monitorStatus(host.monitorStatus);
  if (host.lastCheckTime !== undefined) status.lastCheckTime = host.lastCheckTime;
  if (host.nextCheckTime !== undefined) status.nextCheckTime = host.nextCheckTime;
  if (host.checkType !== undefined) status.checkType = checkType(host.checkType);
  if (host.stateType !== undefined) status.stateType = stateType(host.stateType);
  out.hostStatus = status;
  out.services = [...host.services.values()].map((s) => projectService(host, s, true));
  out.hostGroups = host.hostGroups.map((name) => {
    const group = state.hostGroups.get(name);
    const view: NonNullable<Host['hostGroups']>[number] = {};
    if (group?.id !== undefined) view.id = group.id;
    view.name = name;
    if (group?.appType !== undefined) view.appType = group.appType;
    return view;
  });
  const app = state.applicationTypes.get(host.appType);
  if (app) {
    const view: NonNullable<Host['applicationType']> = {};
    view.id = app.id;
    view.name = app.name;
    if (app.description !== undefined) view.description = app.description;
    if (app.stateTransitionCriteria !== undefined) view.stateTransitionCriteria = app.stateTransitionCriteria;
    view.properties = { ...app.properties };
    out.applicationType = view;
  } else {
    out.applicationType = { name: host.appType };
  }
}

export function projectService(host: HostRecord, service: ServiceRecord, withProperties = true): Service {
  const out = {} as Service;
  out.id = service.id;
  out.appType = service.appType;
  out.description = service.description;
  out.monitorStatus = service.monitorStatus;
  if (service.lastCheckTime !== undefined) out.lastCheckTime = service.lastCheckTime;
  if (service.nextCheckTime !== undefined) out.nextCheckTime = service.nextCheckTime;
  if (service.lastStateChange !== undefined) out.lastStateChange = service.lastStateChange;
  out.hostName = host.hostName;
  out.stateType = service.stateType;
  out.checkType = service.checkType;
  out.lastHardState = service.lastHardState;
  if (service.agentId !== undefined) out.agentId = service.agentId;
  out.monitorServer = service.monitorServer;
  out.deviceIdentification = host.deviceIdentification;
  if (service.lastPlugInOutput !== undefined) out.lastPlugInOutput = service.lastPlugInOutput;
  if (withProperties && hasOwnKeys(service.properties)) out.properties = { ...service.properties };
  return out;
}
