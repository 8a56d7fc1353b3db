import type { components } from '../../generated/groundwork.js';
import { createHost, createService, setHostStatus, setServiceStatus } from './entities.js';
import {
  addName,
  ensureNamed,
  findHost,
  joinHostGroup,
  moveToDevice,
  type GroundworkState,
  type HostRecord,
  type ServiceRecord,
} from './state.js';
import { HOST_STATUSES, SERVICE_STATUSES } from './statuses.js';
import { pluginOutput, type Instant } from './time.js';
import { present } from '../../common/present.js';

/**
 * The Biz feeder's create-or-update of one host or one service (§30), in two steps: `plan` checks
 * everything and changes nothing, `apply` cannot fail. A rejected entity therefore leaves the state
 * exactly as it was, and a batch can refuse one entity and go on with the next.
 */

export type BizHostInput = Omit<components['schemas']['BizHost'], 'services'>;
export type BizServiceInput = components['schemas']['BizService'];

export type Plan<T> = { ok: true; plan: T } | { ok: false; message: string };

export interface HostPlan {
  input: BizHostInput;
  existing?: HostRecord;
}

export interface ServicePlan {
  input: BizServiceInput;
  host?: HostRecord;
  existing?: ServiceRecord;
}

const refuse = <T>(message: string): Plan<T> => ({ ok: false, message });

interface HostRules {
  mergeHosts: boolean;
  allowInserts: boolean;
  device?: string;
}

/**
 * Finds the host a Biz entity names. With mergeHosts (the default) a name that differs only by case
 * is the same host; without it such a host cannot be created beside the existing one (hosts are
 * unique ignoring case), so the entity fails as GroundWork's §2.2.7 "Duplicate hostname" does.
 */
function resolveHost(state: GroundworkState, name: string, rules: HostRules): { host?: HostRecord } | string {
  const host = findHost(state, name);
  if (host && host.hostName !== name && !rules.mergeHosts) {
    return `Duplicate hostname already exists: '${name}' differs from host '${host.hostName}' only by case, and mergeHosts is false`;
  }
  if (!host && !rules.allowInserts) return `Host '${name}' does not exist and allowInserts is false`;
  if (!host && !rules.device) return `Host '${name}' does not exist: device is required to create it`;
  return { host };
}

function checkAppType(state: GroundworkState, appType: string): string | undefined {
  if (state.applicationTypes.has(appType)) return undefined;
  return `Application type '${appType}' does not exist: use one of ${[...state.applicationTypes.keys()].join(', ')}`;
}

export function planHost(state: GroundworkState, input: BizHostInput): Plan<HostPlan> {
  if (!HOST_STATUSES.has(input.status))
    return refuse(`'${input.status}' is not a host status: use one of ${[...HOST_STATUSES].join(', ')}`);
  const badAppType = checkAppType(state, input.appType);
  if (badAppType) return refuse(badAppType);
  const found = resolveHost(state, input.host, input);
  if (typeof found === 'string') return refuse(found);
  return { ok: true, plan: { input, existing: found.host } };
}

/**
 * `named`: the host `input.host` names, when the caller holds it already (a Biz host's nested
 * service, named by its host's own name once that host is applied): resolving the name again would
 * find that host, so it is not looked up once per service.
 */
export function planService(state: GroundworkState, input: BizServiceInput, named?: HostRecord): Plan<ServicePlan> {
  if (!SERVICE_STATUSES.has(input.status)) {
    return refuse(`'${input.status}' is not a service status: use one of ${[...SERVICE_STATUSES].join(', ')}`);
  }
  const badAppType = checkAppType(state, input.appType);
  if (badAppType) return refuse(badAppType);
  const found = named ? { host: named } : resolveHost(state, input.host, input);
  if (typeof found === 'string') return refuse(found);
  const existing = found.host?.services.get(input.service);
  if (!existing && !input.allowInserts) {
    return refuse(`Service '${input.service}' does not exist on host '${input.host}' and allowInserts is false`);
  }
  return { ok: true, plan: { input, host: found.host, existing } };
}

/** Host group and host category named by a Biz host or service: created on demand, joined. */
function applyHostMembership(
  state: GroundworkState,
  host: HostRecord,
  input: { hostGroup?: string; hostCategory?: string; appType: string },
): void {
  if (input.hostGroup) joinHostGroup(state, host, input.hostGroup, input.appType);
  if (input.hostCategory) {
    ensureNamed(state, 'hostCategory', input.hostCategory);
    host.hostCategories = addName(host.hostCategories, input.hostCategory);
  }
}

function newBizHost(
  state: GroundworkState,
  input: { host: string; appType: string; agentId: string; device?: string },
): HostRecord {
  const host = createHost(state, {
    hostName: input.host,
    appType: input.appType,
    // planHost/planService refuse a new host without a device.
    deviceIdentification: present(input.device, 'device of a new host'),
    description: input.host,
    agentId: input.agentId,
  });
  host.stateType = 'HARD';
  host.checkType = 'ACTIVE';
  return host;
}

/** `now` is the request's: one Instant for a whole batch, so each time is spelled once. */
export function applyHost(
  state: GroundworkState,
  { input, existing }: HostPlan,
  now: Instant,
): { host: HostRecord; inserted: boolean } {
  const host = existing ?? newBizHost(state, input);
  if (existing) {
    if (input.device && input.device !== host.deviceIdentification) moveToDevice(state, host, input.device);
    host.appType = input.appType;
    host.agentId = input.agentId;
    host.stateType ??= 'HARD';
    host.checkType ??= 'ACTIVE';
  }
  applyHostMembership(state, host, input);
  if (input.properties) Object.assign(host.properties, input.properties);
  if (input.message !== undefined) host.properties.LastPluginOutput = input.message;
  const next = now.minutesLater(input.checkIntervalMinutes);
  host.lastCheckTime = now.timestamp;
  host.nextCheckTime = next.timestamp;
  // "sets specified status on create after creating in PENDING state" (§30.1.3)
  const status = existing || input.setStatusOnCreate ? input.status : 'PENDING';
  setHostStatus(state, host, status, { now, record: true, message: input.message });
  const message = String(host.properties.LastPluginOutput ?? '');
  host.lastPlugInOutput = pluginOutput({ status: host.monitorStatus, message, lastCheck: now, nextCheck: next });
  return { host, inserted: !existing };
}

export interface AppliedService {
  host: HostRecord;
  hostInserted: boolean;
  service: ServiceRecord;
  inserted: boolean;
}

export function applyService(
  state: GroundworkState,
  { input, host: found, existing }: ServicePlan,
  now: Instant,
): AppliedService {
  const host = found ?? newBizHost(state, input);
  // A host the service call creates is PENDING, or UP with setStatusOnCreate: a service status
  // such as OK is no host status, and "Service hosts are set to the UP status otherwise" (§30.2).
  if (!found && input.setStatusOnCreate) setHostStatus(state, host, 'UP', { now, record: true });
  applyHostMembership(state, host, input);

  const service = existing ?? createService(state, host, input.service, input.appType);
  service.appType = input.appType;
  service.agentId = input.agentId;
  if (input.serviceGroup) {
    ensureNamed(state, 'serviceGroup', input.serviceGroup);
    service.serviceGroups = addName(service.serviceGroups, input.serviceGroup);
  }
  if (input.serviceCategory) {
    ensureNamed(state, 'serviceCategory', input.serviceCategory);
    service.serviceCategories = addName(service.serviceCategories, input.serviceCategory);
  }
  if (input.properties) Object.assign(service.properties, input.properties);
  if (input.message !== undefined) service.properties.LastPluginOutput = input.message;
  if (input.metricType !== undefined) service.metricType = input.metricType;
  if (input.serviceValue !== undefined) service.serviceValue = input.serviceValue;
  service.warningLevel = input.warningLevel;
  service.criticalLevel = input.criticalLevel;
  // The vendor writes service times in whole seconds (§30.2.6).
  service.lastCheckTime = now.wholeSeconds;
  service.nextCheckTime = now.minutesLater(input.checkIntervalMinutes).wholeSeconds;
  const status = existing || input.setStatusOnCreate ? input.status : 'PENDING';
  setServiceStatus(state, host, service, status, { now, record: true, message: input.message });
  const message = String(service.properties.LastPluginOutput ?? '');
  service.lastPlugInOutput = pluginOutput({ status: service.monitorStatus, message, lastCheck: now });
  return { host, hostInserted: !found, service, inserted: !existing };
}
