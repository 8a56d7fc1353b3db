import type { components, operations } from '../../generated/groundwork.js';
import { HttpError } from '../../mock/errors.js';
import type { Handlers } from '../../mock/types.js';
import { findHost, sortedHosts, type GroundworkState, type HostRecord, type Properties } from './state.js';
import { present } from '../../common/present.js';

/**
 * Scheduled downtime and authorization, as the server's BizResource and BizServicesImpl do them
 * (GWT collagerest-server/.../biz/BizResource.java, collage-biz/.../BizServicesImpl.java): the
 * downtime depth is the Nagios dynamic property `ScheduledDowntimeDepth` of a host or a service,
 * raised by one per setindowntime and lowered by one (never below 0) per clearindowntime.
 */

type InDowntime = components['schemas']['BizHostServiceInDowntime'];
type HostsAndServices = components['schemas']['BizHostsAndServices'];
type AuthorizedServices = components['schemas']['BizAuthorizedServices'];
type DowntimeOperations =
  | 'bizSetInDowntime'
  | 'bizClearInDowntime'
  | 'bizGetInDowntime'
  | 'bizGetAuthorizedServices'
  | 'bizGetAuthorizedServicesFor';

const DEPTH = 'ScheduledDowntimeDepth';
const WILDCARD = '*';

/** What selected an entry (the server's entity type codes). */
const HOST = 'HOST';
const HOSTGROUP = 'HOSTGROUP';
const SERVICE_GROUP = 'SERVICE_GROUP';
const SERVICE_STATUS = 'SERVICE_STATUS';

const isEmpty = (list: readonly string[] | null | undefined): boolean => !list || list.length === 0;
const isWildcard = (list: readonly string[] | null | undefined): boolean =>
  !!list && list.length === 1 && list[0] === WILDCARD;
const isEmptyOrWildcard = (list: readonly string[] | null | undefined): boolean => isEmpty(list) || isWildcard(list);

/**
 * Without setHosts or setServices, the lists decide what is set (BizResource.setInDowntime's
 * conventions, each refusal in the server's words).
 */
function byConvention(request: HostsAndServices): { setHosts: boolean; setServices: boolean } {
  const { hostNames, serviceDescriptions, hostGroupNames, serviceGroupCategoryNames } = request;
  let { setHosts, setServices } = request;
  if (setHosts || setServices) return { setHosts, setServices };
  if (isWildcard(hostGroupNames) || isWildcard(serviceGroupCategoryNames))
    throw new HttpError(400, 'Convention: host and service groups cannot be wildcard');
  if (isEmpty(hostNames) && isEmpty(serviceDescriptions))
    throw new HttpError(400, 'Convention: either host names or service descriptions are required');
  if (
    isEmptyOrWildcard(hostNames) &&
    isEmptyOrWildcard(serviceDescriptions) &&
    isEmpty(hostGroupNames) &&
    isEmpty(serviceGroupCategoryNames)
  ) {
    throw new HttpError(
      400,
      'Convention: empty or wildcard host names and service descriptions require host or service groups',
    );
  }
  if (!isEmptyOrWildcard(hostNames) && (!isEmpty(hostGroupNames) || !isEmpty(serviceGroupCategoryNames))) {
    throw new HttpError(400, 'Convention: host or service groups cannot be specified with host names');
  }
  if (isWildcard(hostNames)) {
    if (isWildcard(serviceDescriptions)) setHosts = setServices = true;
    else if (isEmpty(serviceDescriptions)) setHosts = true;
  } else if (isEmpty(hostNames)) {
    if (isWildcard(serviceDescriptions)) setServices = true;
  } else if (isEmpty(serviceDescriptions)) {
    setHosts = true;
  } else {
    setServices = true;
  }
  if (!setHosts && !setServices) throw new HttpError(400, 'Convention: not setting host or service downtime');
  return { setHosts, setServices };
}

/** The hosts with a service in the service group. */
function serviceGroupMembers(state: GroundworkState, group: string): Array<{ host: HostRecord; service: string }> {
  const members: Array<{ host: HostRecord; service: string }> = [];
  if (!state.serviceGroups.has(group)) return members;
  for (const host of sortedHosts(state)) {
    for (const service of host.services.values())
      if (service.serviceGroups.includes(group)) members.push({ host, service: service.description });
  }
  return members;
}

/** What setindowntime selects (BizServicesImpl.setHostsAndServicesInDowntime), before the depths change. */
function select(
  state: GroundworkState,
  request: HostsAndServices,
  setHosts: boolean,
  setServices: boolean,
): InDowntime[] {
  const { hostNames, serviceDescriptions, hostGroupNames, serviceGroupCategoryNames } = request;
  const selected: InDowntime[] = [];
  const hosts = new Map<HostRecord, { entityType: string; entityName: string }>();
  if (isEmptyOrWildcard(hostNames)) {
    for (const group of hostGroupNames ?? []) {
      if (!state.hostGroups.has(group)) continue;
      const members = [...(state.hostGroupMembers.get(group) ?? [])]
        .sort()
        .map((key) => present(state.hosts.get(key), `host ${key}`));
      for (const host of members) hosts.set(host, { entityType: HOSTGROUP, entityName: group });
      if (setHosts)
        for (const host of members)
          selected.push({ hostName: host.hostName, entityType: HOSTGROUP, entityName: group });
    }
    if (setHosts) {
      for (const group of serviceGroupCategoryNames ?? []) {
        const groupHosts = new Set(serviceGroupMembers(state, group).map((m) => m.host));
        for (const host of groupHosts)
          selected.push({ hostName: host.hostName, entityType: SERVICE_GROUP, entityName: group });
      }
    }
  } else {
    for (const name of hostNames ?? []) {
      const host = findHost(state, name);
      if (!host || hosts.has(host)) continue;
      hosts.set(host, { entityType: HOST, entityName: host.hostName });
      if (setHosts) selected.push({ hostName: host.hostName, entityType: HOST, entityName: host.hostName });
    }
  }
  if (!setServices) return selected;
  if (isEmptyOrWildcard(serviceDescriptions)) {
    for (const [host, by] of hosts) {
      for (const service of host.services.values())
        selected.push({ hostName: host.hostName, serviceDescription: service.description, ...by });
    }
    for (const group of serviceGroupCategoryNames ?? []) {
      for (const { host, service } of serviceGroupMembers(state, group))
        selected.push({
          hostName: host.hostName,
          serviceDescription: service,
          entityType: SERVICE_GROUP,
          entityName: group,
        });
    }
  } else {
    for (const host of hosts.keys()) {
      for (const description of serviceDescriptions ?? []) {
        if (host.services.has(description))
          selected.push({
            hostName: host.hostName,
            serviceDescription: description,
            entityType: SERVICE_STATUS,
            entityName: `${host.hostName}:${description}`,
          });
      }
    }
  }
  return selected;
}

/** The properties that hold an entry's depth: its service's, or its host's; none if it names neither. */
function propertiesOf(state: GroundworkState, entry: InDowntime): Properties | undefined {
  const host = findHost(state, entry.hostName);
  if (entry.serviceDescription === undefined) return host?.properties;
  return host?.services.get(entry.serviceDescription)?.properties;
}

function depthOf(properties: Properties): number {
  const depth = Number(properties[DEPTH] ?? 0);
  return Number.isInteger(depth) && depth > 0 ? depth : 0;
}

/** Each entry's depth moved by `by` (never below 0), in the list's order: a host listed twice moves twice. */
function moveDepths(state: GroundworkState, entries: InDowntime[], by: 1 | -1): InDowntime[] {
  return entries.map((entry) => {
    const { scheduledDowntimeDepth: _old, ...rest } = entry;
    const properties = propertiesOf(state, entry);
    if (!properties) return rest;
    const depth = Math.max(depthOf(properties) + by, 0);
    // As the server's DTOs write every dynamic property: as text.
    properties[DEPTH] = String(depth);
    return { ...rest, scheduledDowntimeDepth: depth };
  });
}

/** Names in the server's order for sorted sets (Java's String order: by UTF-16 code unit). */
const sorted = (names: Iterable<string>): string[] => [...new Set(names)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

function authorized(hostNames: string[], services: Map<string, Set<string>>): AuthorizedServices {
  const serviceHostNames: Record<string, string[]> = {};
  for (const description of sorted(services.keys()))
    serviceHostNames[description] = sorted(services.get(description) ?? []);
  return { hostNames: sorted(hostNames), serviceHostNames };
}

function addServices(
  services: Map<string, Set<string>>,
  host: HostRecord,
  only?: (description: string) => boolean,
): void {
  for (const description of host.services.keys()) {
    if (only && !only(description)) continue;
    let hosts = services.get(description);
    if (!hosts) services.set(description, (hosts = new Set()));
    hosts.add(host.hostName);
  }
}

export const downtimeHandlers: Pick<Handlers<operations, GroundworkState>, DowntimeOperations> = {
  bizSetInDowntime: (req, { state, changed }) => {
    const { setHosts, setServices } = byConvention(req.body);
    const set = moveDepths(state, select(state, req.body, setHosts, setServices), 1);
    changed();
    return { status: 200, body: { bizHostServiceInDowntimes: set } };
  },

  bizClearInDowntime: (req, { state, changed }) => {
    // The server clears in the reverse order of the list, and answers it so.
    const cleared = moveDepths(state, [...req.body.bizHostServiceInDowntimes].reverse(), -1);
    changed();
    return { status: 200, body: { bizHostServiceInDowntimes: cleared } };
  },

  bizGetInDowntime: (req, { state }) => {
    const entries = req.body.bizHostServiceInDowntimes.map((entry) => {
      const { scheduledDowntimeDepth: _old, ...rest } = entry;
      const properties = propertiesOf(state, entry);
      return properties ? { ...rest, scheduledDowntimeDepth: depthOf(properties) } : rest;
    });
    return { status: 200, body: { bizHostServiceInDowntimes: entries } };
  },

  bizGetAuthorizedServices: (_req, { state }) => {
    const services = new Map<string, Set<string>>();
    const hosts = sortedHosts(state);
    for (const host of hosts) addServices(services, host);
    return {
      status: 200,
      body: authorized(
        hosts.map((h) => h.hostName),
        services,
      ),
    };
  },

  bizGetAuthorizedServicesFor: (req, { state }) => {
    const { hostGroupNames, serviceGroupNames } = req.body;
    if (isEmpty(hostGroupNames) && isEmpty(serviceGroupNames)) throw new HttpError(404, 'No authorization');
    const hostNames: string[] = [];
    const services = new Map<string, Set<string>>();
    for (const group of hostGroupNames ?? []) {
      for (const key of state.hostGroupMembers.get(group) ?? []) {
        const host = present(state.hosts.get(key), `host ${key}`);
        hostNames.push(host.hostName);
        addServices(services, host);
      }
    }
    for (const group of serviceGroupNames ?? []) {
      for (const { host, service } of serviceGroupMembers(state, group))
        addServices(services, host, (d) => d === service);
    }
    return { status: 200, body: authorized(hostNames, services) };
  },
};
