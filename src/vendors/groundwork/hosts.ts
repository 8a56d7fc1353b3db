import type { operations } from '../../generated/groundwork.js';
import { HttpError } from '../../mock/errors.js';
import type { Handlers } from '../../mock/types.js';
import { compileQuery, QueryError, type CompiledQuery, type QueryHost } from './query/index.js';
import { parseDepth, projectHost, projectService } from './project.js';
import { findHost, hostKey, lowerBound, type GroundworkState, type HostRecord } from './state.js';

type ReadOperations = 'getHosts' | 'getHost' | 'autocompleteHosts' | 'filterHosts' | 'getService';

type HostView = QueryHost & { record: HostRecord };

/** What the query language sees of a host; built only when a request carries a query. */
function queryView(state: GroundworkState, host: HostRecord): HostView {
  const app = state.applicationTypes.get(host.appType);
  return {
    id: host.id,
    hostName: host.hostName,
    description: host.description,
    appType: host.appType,
    applicationType: app ? { id: app.id, name: app.name, description: app.description, stateTransitionCriteria: app.stateTransitionCriteria } : null,
    monitorStatus: host.monitorStatus,
    agentId: host.agentId,
    deviceIdentification: host.deviceIdentification,
    deviceDisplayName: state.devices.get(host.deviceIdentification)?.displayName,
    lastCheckTime: host.lastCheckTime,
    hostGroups: host.hostGroups,
    stateType: host.stateType,
    checkType: host.checkType,
    properties: host.properties,
    record: host,
  };
}

/** Compiled once per request; a syntax, field or type error is the client's, with its column. */
function compile(text: string): CompiledQuery {
  try {
    return compileQuery(text);
  } catch (error) {
    if (error instanceof QueryError) throw new HttpError(400, error.message);
    throw error;
  }
}

function hostOr404(state: GroundworkState, name: string): HostRecord {
  const host = findHost(state, name);
  if (!host) throw new HttpError(404, `Host name [${name}] was not found`);
  return host;
}

export const readHandlers: Pick<Handlers<operations, GroundworkState>, ReadOperations> = {
  getHosts: (req, { state }) => {
    const { query, first = 0, count, agentId } = req.query;
    const depth = parseDepth(req.query.depth);
    const compiled = query === undefined ? undefined : compile(query);
    // Name order throughout; a query's ORDER BY sorts stably on top of it.
    let hosts: readonly HostRecord[] = state.sorted;
    if (agentId !== undefined) hosts = hosts.filter((h) => h.agentId === agentId);
    if (compiled) hosts = compiled.select(hosts.map((h) => queryView(state, h))).map((v) => v.record);
    const page = hosts.slice(first, count === undefined ? undefined : first + count);
    if (page.length === 0) {
      const why = hosts.length > 0 ? `no hosts from record ${first} on (${hosts.length} match)` : query === undefined ? 'no hosts' : `no hosts match query [${query}]`;
      throw new HttpError(404, `Hosts not found: ${why}`);
    }
    return { status: 200, body: { hosts: page.map((h) => projectHost(state, h, depth)) } };
  },

  getHost: (req, { state }) => {
    const host = hostOr404(state, req.path.hostName);
    return { status: 200, body: projectHost(state, host, parseDepth(req.query.depth)) };
  },

  autocompleteHosts: (req, { state }) => {
    const { prefix } = req.path;
    const limit = state.settings.autocompleteLimit;
    let names: string[];
    if (prefix === '*') {
      names = state.sorted.slice(0, limit).map((h) => h.hostName);
    } else {
      // The sorted array is ordered by lower-cased name, so the matches are one contiguous run.
      const key = hostKey(prefix);
      names = [];
      for (let i = lowerBound(state, key); i < state.sorted.length && names.length < limit; i++) {
        const host = state.sorted[i]!;
        if (!hostKey(host.hostName).startsWith(key)) break;
        names.push(host.hostName);
      }
    }
    if (names.length === 0) throw new HttpError(404, `No host names start with [${prefix}]`);
    return { status: 200, body: { names } };
  },

  filterHosts: (req, { state }) => {
    const groups = req.query.hostGroupNames.split(',').map((g) => g.trim()).filter(Boolean);
    const keys = new Set<string>();
    for (const group of groups) for (const key of state.hostGroupMembers.get(group) ?? []) keys.add(key);
    // Few members: sort their keys; many: one pass over the already sorted hosts is cheaper.
    const hosts = keys.size * 16 < state.sorted.length
      ? [...keys].sort().map((k) => state.hosts.get(k)!)
      : state.sorted.filter((h) => keys.has(hostKey(h.hostName)));
    if (hosts.length === 0) throw new HttpError(404, `No hosts found in host groups [${groups.join(', ')}]`);
    const depth = parseDepth(req.query.depth);
    return { status: 200, body: { hosts: hosts.map((h) => projectHost(state, h, depth)) } };
  },

  getService: (req, { state }) => {
    const { serviceName } = req.path;
    const { hostName } = req.query;
    const host = findHost(state, hostName);
    const service = host?.services.get(serviceName);
    if (!host || !service) throw new HttpError(404, `Service [${serviceName}] on host [${hostName}] was not found`);
    return { status: 200, body: projectService(host, service) };
  },
};
