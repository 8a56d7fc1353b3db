import type { components, operations } from '../../generated/groundwork.js';
import type { Handlers } from '../../mock/types.js';
import { createHost, createService, setHostStatus, setServiceStatus } from './entities.js';
import { recordMetrics } from './metrics.js';
import { failure, hostLocation, resultsOf, serviceEntity, serviceLocation, success, type Result } from './results.js';
import {
  addName,
  ensureApplicationType,
  ensureNamed,
  findHost,
  joinHostGroup,
  leaveHostGroup,
  moveToDevice,
  nextId,
  removeHostGroup,
  removeHosts,
  sortedHosts,
  type GroundworkState,
  type HostRecord,
  type ServiceRecord,
} from './state.js';
import { Instant } from './time.js';
import { gwStatus, gwTime, plainProperties, prefixed } from './transit.js';
import { present } from '../../common/present.js';

/**
 * GroundWork 8's connector API as its Go SDK (gwos/tcg) feeds it: an agent's inventory
 * (`POST /api/synchronizer`) and its statuses and metrics (`POST /api/monitoring`), on the same
 * hosts, services and host groups as the Host and Biz APIs. Each host succeeds or fails on its own.
 */

type Context = components['schemas']['TransitContext'];
type Group = components['schemas']['TransitResourceGroup'];
type InventoryResource = components['schemas']['InventoryResource'];
type MonitoredResource = components['schemas']['MonitoredResource'];
type ConnectorOperations = 'synchronizeInventory' | 'sendResourcesWithMetrics';

/** GroundWork stores host names in 254 characters (`host.hostname`); a prefix can push one over. */
const MAX_HOST_NAME = 254;
/** And device identifications in 128 (`device.identification`): a device defaults to its host's name. */
const MAX_DEVICE = 128;

/** Who sends, and how its hosts are named and owned. */
interface Feed {
  context: Context;
  prefix?: string;
  origin: string;
  now: Instant;
}

/** A resource's host: found (case-insensitively, unless merge is off), or why it cannot be used. */
function resolve(
  state: GroundworkState,
  name: string,
  device: string | undefined,
  merge: boolean,
): { host?: HostRecord } | string {
  if (name.length > MAX_HOST_NAME)
    return `host name '${name.slice(0, 40)}...' is longer than ${MAX_HOST_NAME} characters with its prefix`;
  const host = findHost(state, name);
  if (host && host.hostName !== name && !merge) {
    return `host not merged: '${name}' differs from host '${host.hostName}' only by letter case, and merge is false`;
  }
  if (!host && !device && name.length > MAX_DEVICE) {
    return `device: a new host's device defaults to its name, which is longer than the ${MAX_DEVICE} characters of a device identification; send a device`;
  }
  return { host };
}

function newHost(
  state: GroundworkState,
  feed: Feed,
  name: string,
  resource: { device?: string; description?: string },
): HostRecord {
  ensureApplicationType(state, feed.context.appType);
  const host = createHost(state, {
    hostName: name,
    appType: feed.context.appType,
    deviceIdentification: resource.device || name,
    description: resource.description,
    agentId: feed.context.agentId,
  });
  host.stateType = 'HARD';
  host.checkType = 'PASSIVE';
  return host;
}

function newService(state: GroundworkState, feed: Feed, host: HostRecord, name: string): ServiceRecord {
  const service = createService(state, host, name, feed.context.appType);
  service.agentId = feed.context.agentId;
  service.checkType = 'PASSIVE';
  return service;
}

/** May this agent change the host's own attributes? Its own hosts, and others' only under `Take`. */
const owns = (feed: Feed, host: HostRecord, ownership: string | undefined): boolean =>
  host.agentId === feed.context.agentId || ownership === 'Take';

/** Host groups of the request, created on demand (tagged with the agent), the named hosts joined. */
function applyGroups(
  state: GroundworkState,
  feed: Feed,
  groups: readonly Group[],
  replaceMembers: boolean,
  results: Result[],
): Set<string> {
  const named = new Set<string>();
  for (const group of groups) {
    if (group.type !== 'HostGroup') continue;
    named.add(group.groupName);
    let record = state.hostGroups.get(group.groupName);
    const inserted = record === undefined;
    if (!record) {
      record = {
        id: nextId(state, 'hostGroup'),
        name: group.groupName,
        appType: feed.context.appType,
        agentId: feed.context.agentId,
      };
      state.hostGroups.set(record.name, record);
    }
    if (group.description !== undefined && record.agentId === feed.context.agentId)
      record.description = group.description;
    const members = new Set<HostRecord>();
    for (const ref of group.resources ?? []) {
      const host = findHost(state, prefixed(feed.prefix, ref.name));
      if (host) members.add(host);
    }
    if (replaceMembers && record.agentId === feed.context.agentId) {
      for (const key of [...(state.hostGroupMembers.get(record.name) ?? [])]) {
        const host = state.hosts.get(key);
        if (host && !members.has(host)) leaveHostGroup(state, host, record.name);
      }
    }
    for (const host of members) joinHostGroup(state, host, record.name, record.appType ?? feed.context.appType);
    results.push({ entity: record.name, status: 'success', message: inserted ? 'Insert' : 'Update' });
  }
  return named;
}

function syncResource(
  state: GroundworkState,
  feed: Feed,
  resource: InventoryResource,
  host: HostRecord | undefined,
  ownership: string | undefined,
  results: Result[],
): HostRecord {
  const name = prefixed(feed.prefix, resource.name);
  const target = host ?? newHost(state, feed, name, resource);
  if (host && owns(feed, host, ownership)) {
    ensureApplicationType(state, feed.context.appType);
    host.agentId = feed.context.agentId;
    host.appType = feed.context.appType;
    if (resource.description !== undefined) host.description = resource.description;
    if (resource.device) moveToDevice(state, host, resource.device);
  }
  if (!host || owns(feed, host, ownership)) {
    Object.assign(target.properties, plainProperties(resource.properties));
    if (resource.category) {
      ensureNamed(state, 'hostCategory', resource.category);
      target.hostCategories = addName(target.hostCategories, resource.category);
    }
  }
  results.push(success(target.hostName, hostLocation(feed.origin, target.hostName), host ? 'Update' : 'Insert'));
  for (const entry of resource.services ?? []) {
    const existing = target.services.get(entry.name);
    const service = existing ?? newService(state, feed, target, entry.name);
    if (!existing || service.agentId === feed.context.agentId || ownership === 'Take') {
      service.agentId = feed.context.agentId;
      service.appType = feed.context.appType;
      Object.assign(service.properties, plainProperties(entry.properties));
      if (entry.category) {
        ensureNamed(state, 'serviceCategory', entry.category);
        service.serviceCategories = addName(service.serviceCategories, entry.category);
      }
    }
    results.push(
      success(
        serviceEntity(target.hostName, entry.name),
        serviceLocation(feed.origin, target.hostName, entry.name),
        existing ? 'Update' : 'Insert',
      ),
    );
  }
  return target;
}

/**
 * With merge=false the inventory is the agent's whole estate: its hosts, its services and its
 * host groups that the request does not list go. Nothing of another agent is touched.
 */
function prune(
  state: GroundworkState,
  feed: Feed,
  listed: Map<HostRecord, Set<string> | 'spared'>,
  groups: Set<string>,
  results: Result[],
): void {
  const agentId = feed.context.agentId;
  const doomed: HostRecord[] = [];
  for (const host of sortedHosts(state)) {
    const services = listed.get(host);
    if (services === 'spared') continue;
    if (host.agentId === agentId && services === undefined) {
      doomed.push(host);
      continue;
    }
    for (const service of [...host.services.values()]) {
      if (service.agentId !== agentId || services?.has(service.description)) continue;
      host.services.delete(service.description);
      results.push({ entity: serviceEntity(host.hostName, service.description), status: 'success', message: 'Delete' });
    }
  }
  for (const host of doomed) results.push({ entity: host.hostName, status: 'success', message: 'Delete' });
  removeHosts(state, doomed);
  for (const group of [...state.hostGroups.values()]) {
    if (group.agentId !== agentId || groups.has(group.name)) continue;
    removeHostGroup(state, group.name);
    results.push({ entity: group.name, status: 'success', message: 'Delete' });
  }
}

function monitorResource(
  state: GroundworkState,
  feed: Feed,
  resource: MonitoredResource,
  host: HostRecord,
  results: Result[],
  dynamic: boolean,
): void {
  const change = { now: feed.now, record: true, message: resource.lastPluginOutput };
  const status = gwStatus(resource.status);
  if (status !== undefined) setHostStatus(state, host, status, change);
  if (resource.lastCheckTime !== undefined) host.lastCheckTime = gwTime(resource.lastCheckTime);
  if (resource.nextCheckTime !== undefined) host.nextCheckTime = gwTime(resource.nextCheckTime);
  if (resource.lastPluginOutput !== undefined)
    host.lastPlugInOutput = host.properties.LastPluginOutput = resource.lastPluginOutput;
  Object.assign(host.properties, plainProperties(resource.properties));
  for (const entry of resource.services ?? []) {
    const entity = serviceEntity(host.hostName, entry.name);
    let service = host.services.get(entry.name);
    const inserted = service === undefined;
    if (!service) {
      if (!dynamic) {
        results.push({
          entity,
          status: 'warning',
          message: `service '${entry.name}' of host '${host.hostName}' is not in the inventory: synchronize it first, or send dynamic=true`,
        });
        continue;
      }
      service = newService(state, feed, host, entry.name);
    }
    setServiceStatus(state, host, service, present(gwStatus(entry.status), `status of ${entry.name}`), {
      now: feed.now,
      record: true,
      message: entry.lastPluginOutput,
    });
    if (entry.lastCheckTime !== undefined) service.lastCheckTime = gwTime(entry.lastCheckTime);
    if (entry.nextCheckTime !== undefined) service.nextCheckTime = gwTime(entry.nextCheckTime);
    if (entry.lastPluginOutput !== undefined)
      service.lastPlugInOutput = service.properties.LastPluginOutput = entry.lastPluginOutput;
    Object.assign(service.properties, plainProperties(entry.properties));
    if (entry.metrics) recordMetrics(service, entry.metrics, feed.now);
    results.push(
      success(entity, serviceLocation(feed.origin, host.hostName, entry.name), inserted ? 'Insert' : 'Update'),
    );
  }
}

export const connectorHandlers: Pick<Handlers<operations, GroundworkState>, ConnectorOperations> = {
  synchronizeInventory: (req, { state, now, changed }) => {
    const merge = req.query.merge ?? false;
    const { context, ownershipType } = req.body;
    const feed: Feed = { context, prefix: req.header.hostnameprefix, origin: req.origin, now: new Instant(now()) };
    const results: Result[] = [];
    // A host the request lists keeps the services it lists; one it names but could not update is spared whole.
    const listed = new Map<HostRecord, Set<string> | 'spared'>();
    for (const resource of req.body.resources ?? []) {
      const name = prefixed(feed.prefix, resource.name);
      const found = resolve(state, name, resource.device, merge);
      if (typeof found === 'string') {
        results.push(failure(name, found));
        const clash = findHost(state, name);
        if (clash) listed.set(clash, 'spared');
        continue;
      }
      const host = syncResource(state, feed, resource, found.host, ownershipType, results);
      const known = listed.get(host);
      if (known === 'spared') continue;
      const services = known ?? new Set<string>();
      for (const s of resource.services ?? []) services.add(s.name);
      listed.set(host, services);
    }
    const groups = applyGroups(state, feed, req.body.groups ?? [], !merge, results);
    if (!merge) prune(state, feed, listed, groups, results);
    changed();
    return { status: 200, body: resultsOf('Inventory', 'Update', results, true) };
  },

  sendResourcesWithMetrics: (req, { state, now, changed }) => {
    const dynamic = req.query.dynamic ?? false;
    const feed: Feed = {
      context: req.body.context,
      prefix: req.header.hostnameprefix,
      origin: req.origin,
      now: new Instant(now()),
    };
    const results: Result[] = [];
    for (const resource of req.body.resources ?? []) {
      const name = prefixed(feed.prefix, resource.name);
      const found = resolve(state, name, resource.device, true);
      if (typeof found === 'string') {
        results.push(failure(name, found));
        continue;
      }
      let host = found.host;
      if (!host) {
        if (!dynamic) {
          results.push({
            entity: name,
            status: 'warning',
            message: `host '${name}' is not in the inventory: synchronize it first, or send dynamic=true`,
          });
          continue;
        }
        host = newHost(state, feed, name, resource);
      }
      results.push(success(host.hostName, hostLocation(feed.origin, host.hostName), found.host ? 'Update' : 'Insert'));
      monitorResource(state, feed, resource, host, results, dynamic);
    }
    applyGroups(state, feed, req.body.groups ?? [], false, results);
    changed();
    return { status: 200, body: resultsOf('Monitoring', 'Update', results, true) };
  },
};
