import type { components, operations } from '../../generated/groundwork.js';
import { HttpError } from '../../mock/errors.js';
import type { Handlers } from '../../mock/types.js';
import { createHost, setHostStatus } from './entities.js';
import { projectHost } from './project.js';
import { entityName, failure, hostLocation, resultsOf, success, upsertEntities, type Result } from './results.js';
import {
  ensureDevice,
  findHost,
  moveToDevice,
  removeHosts,
  renameHost,
  type GroundworkState,
  type HostRecord,
} from './state.js';
import { HOST_STATUSES } from './statuses.js';
import { Instant } from './time.js';
import { present } from '../../common/present.js';

type HostInput = components['schemas']['HostInput'];
type WriteOperations = 'createOrUpdateHosts' | 'deleteHosts' | 'deleteHostsByName' | 'renameHost';

/** Every check of one §2.2 host, before anything changes; the failure messages are §2.2.7's. */
function planHostInput(state: GroundworkState, input: HostInput, merge: boolean): { existing?: HostRecord } | string {
  const existing = findHost(state, input.hostName);
  if (existing && existing.hostName !== input.hostName && !merge) {
    return `Duplicate hostname already exists: host '${existing.hostName}' differs only by case, and merge is false`;
  }
  if (!existing && input.appType === undefined) return 'Required field Application Type was not provided';
  if (!existing && input.deviceIdentification === undefined)
    return 'Required field Device Identification was not provided';
  if (input.appType !== undefined && !state.applicationTypes.has(input.appType)) {
    return `Application Type '${input.appType}' is not valid: use one of ${[...state.applicationTypes.keys()].join(', ')}`;
  }
  if (input.monitorStatus !== undefined && !HOST_STATUSES.has(input.monitorStatus)) {
    return `Monitor status '${input.monitorStatus}' is not a host status: use one of ${[...HOST_STATUSES].join(', ')}`;
  }
  return { existing };
}

function applyHostInput(
  state: GroundworkState,
  input: HostInput,
  existing: HostRecord | undefined,
  now: Instant,
): HostRecord {
  const host =
    existing ??
    createHost(state, {
      hostName: input.hostName,
      appType: present(input.appType, 'appType of a new host'),
      deviceIdentification: present(input.deviceIdentification, 'device of a new host'),
      deviceDisplayName: input.deviceDisplayName,
      description: input.description,
      agentId: input.agentId,
      monitorServer: input.monitorServer,
    });
  if (existing) {
    if (input.description !== undefined) host.description = input.description;
    if (input.appType !== undefined) host.appType = input.appType;
    if (input.agentId !== undefined) host.agentId = input.agentId;
    if (input.monitorServer !== undefined) host.monitorServer = input.monitorServer;
    if (input.deviceIdentification !== undefined) {
      moveToDevice(state, host, input.deviceIdentification, input.deviceDisplayName);
    } else if (input.deviceDisplayName !== undefined) {
      ensureDevice(state, host.deviceIdentification, input.deviceDisplayName);
    }
  }
  // The other DtoHost fields the server's HostCreateTask writes; the rest are ignored (x-ignored).
  if (input.lastCheckTime !== undefined) host.lastCheckTime = input.lastCheckTime;
  if (input.nextCheckTime !== undefined) host.nextCheckTime = input.nextCheckTime;
  if (input.stateType !== undefined) host.stateType = input.stateType;
  if (input.checkType !== undefined) host.checkType = input.checkType;
  Object.assign(host.properties, input.properties ?? {});
  // Plain CRUD: lastStateChange follows the status, but only the Biz APIs raise events.
  if (input.monitorStatus !== undefined) setHostStatus(state, host, input.monitorStatus, { now, record: false });
  return host;
}

/**
 * Not all-or-none (§2.2): each host succeeds or fails on its own, a host that breaks its schema
 * (`refused`, by index) included. Its name is the entity when it has one, as the server's
 * HostCreateTask reports it ("unknown host" without).
 */
function applyBatch(
  state: GroundworkState,
  hosts: HostInput[],
  refused: (i: number) => string[] | undefined,
  merge: boolean,
  base: string,
  date: Date,
): Result[] {
  const now = new Instant(date);
  return hosts.map((input, i) => {
    const why = refused(i);
    if (why) return failure(entityName(input.hostName, 'unknown host'), why.join('; '));
    const planned = planHostInput(state, input, merge);
    if (typeof planned === 'string') return failure(input.hostName, planned);
    const host = applyHostInput(state, input, planned.existing, now);
    return success(host.hostName, hostLocation(base, host.hostName));
  });
}

/**
 * Each name in turn (a name repeated, in any case, is not found the second time); removed as one
 * batch. An entity already refused (a Result) stands as it is.
 */
function deleteByName(state: GroundworkState, names: Array<string | Result>, base: string): Result[] {
  const doomed = new Set<HostRecord>();
  const results = names.map((name): Result => {
    if (typeof name !== 'string') return name;
    const host = findHost(state, name);
    if (!host || doomed.has(host))
      return { entity: name, status: 'warning', message: `Host name [${name}] was not found` };
    doomed.add(host);
    return success(host.hostName, hostLocation(base, host.hostName));
  });
  removeHosts(state, [...doomed]);
  return results;
}

export const writeHandlers: Pick<Handlers<operations, GroundworkState>, WriteOperations> = {
  createOrUpdateHosts: (req, { state, now, changed }) => {
    const merge = req.query.merge ?? true;
    const refused = (i: number) => req.refused?.get(`/hosts/${i}`);
    const body = upsertEntities({
      entities: req.body.hosts,
      async: req.query.async,
      entityType: 'Host',
      asyncEntityType: 'Host Async',
      apply: (hosts, date) => applyBatch(state, hosts, refused, merge, req.baseUrl, date),
      now,
      changed,
    });
    return { status: 200, body };
  },

  deleteHosts: (req, { state, changed }) => {
    const wrapped = !Array.isArray(req.body);
    const hosts = Array.isArray(req.body) ? req.body : req.body.hosts;
    const names = hosts.map((h, i): string | Result => {
      const why = req.refused?.get(wrapped ? `/hosts/${i}` : `/${i}`);
      return why ? failure(entityName(h.hostName, 'unknown host'), why.join('; ')) : h.hostName;
    });
    const results = deleteByName(state, names, req.baseUrl);
    changed();
    return { status: 200, body: resultsOf('Host', 'Delete', results, false) };
  },

  deleteHostsByName: (req, { state, changed }) => {
    // The pipeline splits the `simple`-style list; the spec's type also admits one name as a string.
    const names = req.path.hostName;
    const results = deleteByName(state, Array.isArray(names) ? names : [names], req.baseUrl);
    changed();
    return { status: 200, body: resultsOf('Host', 'Delete', results, false) };
  },

  renameHost: (req, { state, changed }) => {
    const { oldHostName, newHostName, description, deviceIdentification } = req.query;
    const host = findHost(state, oldHostName);
    if (!host) throw new HttpError(404, `Host name [${oldHostName}] was not found`);
    const taken = findHost(state, newHostName);
    if (taken && taken !== host) throw new HttpError(400, `Host name [${newHostName}] already exists`);
    if (newHostName !== host.hostName) renameHost(state, host, newHostName);
    if (description !== undefined) host.description = description;
    if (deviceIdentification !== undefined) moveToDevice(state, host, deviceIdentification);
    changed();
    return { status: 200, body: projectHost(state, host, 'shallow') };
  },
};
