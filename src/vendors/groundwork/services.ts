import type { components, operations } from '../../generated/groundwork.js';
import { HttpError } from '../../mock/errors.js';
import type { Handlers } from '../../mock/types.js';
import { compiled } from './compiled-queries.js';
import { scanGivingWay, sortGivingWay } from './give-way.js';
import { createHost, createService, setServiceStatus } from './entities.js';
import { parseDepth, projectService } from './project.js';
import { SERVICE_FIELDS, type CompiledQuery, type QueryService } from './query/index.js';
import { entityName, failure, resultsOf, serviceLocation, upsertEntities, type Result } from './results.js';
import { findHost, sortedHosts, type GroundworkState, type HostRecord, type ServiceRecord } from './state.js';
import { SERVICE_STATUSES } from './statuses.js';
import { Instant } from './time.js';
import { present } from '../../common/present.js';

/**
 * The Service APIs the Java client's ServiceClient calls (GWT collagerest-server ServiceResource,
 * ServiceCreateTask): services live on their hosts (HostRecord.services), the same records the
 * Biz feeder writes, so a service fed by /api/biz/services is read, queried and deleted here.
 */

type ServiceInput = components['schemas']['ServiceInput'];
type ServiceOperations =
  | 'getServices'
  | 'getService'
  | 'createOrUpdateServices'
  | 'deleteServices'
  | 'deleteServicesByName'
  | 'autocompleteServices';

/** A service with its host, as the query language and the listings see it. */
interface Located {
  host: HostRecord;
  service: ServiceRecord;
}

/** What service queries read: the service's own fields, and its host's name, agent and groups. */
class ServiceView implements QueryService {
  constructor(public located: Located) {}
  get id(): number {
    return this.located.service.id;
  }
  get description(): string {
    return this.located.service.description;
  }
  get hostName(): string {
    return this.located.host.hostName;
  }
  get monitorStatus(): string {
    return this.located.service.monitorStatus;
  }
  get appType(): string {
    return this.located.service.appType;
  }
  get agentId(): string | undefined {
    return this.located.service.agentId;
  }
  get hostAgentId(): string | undefined {
    return this.located.host.agentId;
  }
  get stateType(): string {
    return this.located.service.stateType;
  }
  get checkType(): string {
    return this.located.service.checkType;
  }
  get lastHardState(): string {
    return this.located.service.lastHardState;
  }
  get lastCheckTime(): string | undefined {
    return this.located.service.lastCheckTime;
  }
  get nextCheckTime(): string | undefined {
    return this.located.service.nextCheckTime;
  }
  get lastStateChange(): string | undefined {
    return this.located.service.lastStateChange;
  }
  get hostGroups(): readonly string[] {
    return this.located.host.hostGroups;
  }
  get properties(): ServiceRecord['properties'] {
    return this.located.service.properties;
  }
}

/** Names in order ignoring case, then by their exact spelling: a total order, the same on every machine. */
function byName(a: string, b: string): number {
  const la = a.toLowerCase();
  const lb = b.toLowerCase();
  if (la !== lb) return la < lb ? -1 : 1;
  return a === b ? 0 : a < b ? -1 : 1;
}

/** A service found by a scan, with its description lowered once for the sort. */
interface Found {
  located: Located;
  lower: string;
}

/**
 * The services of the given hosts that a query selects (all without one), ordered by description,
 * the server's sort; stable, so services of one description stay in host order. The scan and the
 * sort give way to other requests, as a host query's scan does; `live` tells a service deleted
 * meanwhile, which the caller leaves out of what it answers (only its page is checked).
 */
async function servicesOf(
  state: GroundworkState,
  hosts: readonly HostRecord[],
  query?: CompiledQuery<QueryService>,
): Promise<{ found: Found[]; live: (l: Located) => boolean }> {
  const found: Found[] = [];
  // One view is moved along the rows, as a host query's is: no view per service.
  let view: ServiceView | undefined;
  let gaveWay = await scanGivingWay(hosts, (host) => {
    for (const service of host.services.values()) {
      const located = { host, service };
      if (query) {
        view ??= new ServiceView(located);
        view.located = located;
        if (!query.predicate(view)) continue;
      }
      found.push({ located, lower: service.description.toLowerCase() });
    }
  });
  const sorted = await sortGivingWay(found, (a, b) =>
    a.lower !== b.lower
      ? a.lower < b.lower
        ? -1
        : 1
      : byName(a.located.service.description, b.located.service.description),
  );
  gaveWay ||= sorted.length > 0;
  const live = ({ host, service }: Located): boolean =>
    !gaveWay || (findHost(state, host.hostName) === host && host.services.get(service.description) === service);
  return { found: sorted, live };
}

/** Rows `first` to `end` (exclusive) of the live ones, reading no further than needed. */
function pageOf(found: readonly Found[], live: (l: Located) => boolean, first: number, end: number): Located[] {
  const page: Located[] = [];
  let index = 0;
  for (const { located } of found) {
    if (index >= end) break;
    if (!live(located)) continue;
    if (index++ >= first) page.push(located);
  }
  return page;
}

/** The service a numeric path segment names by id (a scan: lookups by id are rare). */
function serviceById(state: GroundworkState, id: number): Located | undefined {
  for (const host of state.hosts.values()) {
    for (const service of host.services.values()) if (service.id === id) return { host, service };
  }
  return undefined;
}

const withProperties = (depth: string | undefined): boolean => parseDepth(depth) !== 'simple';

/** Every check of one service write, before anything changes. */
function planServiceInput(
  state: GroundworkState,
  input: ServiceInput,
  merge: boolean,
): { host?: HostRecord; existing?: ServiceRecord; appType: string } | string {
  const host = findHost(state, input.hostName);
  if (host && host.hostName !== input.hostName && !merge) {
    return `Duplicate hostname already exists: host '${host.hostName}' differs only by case, and merge is false`;
  }
  if (!host && input.deviceIdentification === undefined)
    return `Host '${input.hostName}' does not exist: deviceIdentification is required to create it`;
  const existing = host?.services.get(input.description);
  // A new service takes its host's application type (the server's default for a new host: NAGIOS).
  const appType = input.appType ?? existing?.appType ?? host?.appType ?? 'NAGIOS';
  if (!state.applicationTypes.has(appType)) {
    return `Application Type '${appType}' is not valid: use one of ${[...state.applicationTypes.keys()].join(', ')}`;
  }
  if (input.monitorStatus !== undefined && !SERVICE_STATUSES.has(input.monitorStatus)) {
    return `Monitor status '${input.monitorStatus}' is not a service status: use one of ${[...SERVICE_STATUSES].join(', ')}`;
  }
  return { host, existing, appType };
}

function applyServiceInput(
  state: GroundworkState,
  input: ServiceInput,
  plan: { host?: HostRecord; existing?: ServiceRecord; appType: string },
  now: Instant,
): Located {
  const host =
    plan.host ??
    createHost(state, {
      hostName: input.hostName,
      appType: plan.appType,
      deviceIdentification: present(input.deviceIdentification, 'device of a new host'),
      description: input.hostName,
      agentId: input.agentId,
    });
  const service = plan.existing ?? createService(state, host, input.description, plan.appType);
  service.appType = plan.appType;
  if (input.agentId !== undefined) service.agentId = input.agentId;
  if (input.monitorServer !== undefined) service.monitorServer = input.monitorServer;
  if (input.metricType !== undefined) service.metricType = input.metricType;
  if (input.stateType !== undefined) service.stateType = input.stateType;
  if (input.checkType !== undefined) service.checkType = input.checkType;
  if (input.lastCheckTime !== undefined) service.lastCheckTime = input.lastCheckTime;
  if (input.nextCheckTime !== undefined) service.nextCheckTime = input.nextCheckTime;
  Object.assign(service.properties, input.properties ?? {});
  // Plain CRUD, as for hosts: the status moves lastStateChange, but only the Biz APIs raise events.
  if (input.monitorStatus !== undefined)
    setServiceStatus(state, host, service, input.monitorStatus, { now, record: false });
  if (input.lastHardState !== undefined) service.lastHardState = input.lastHardState;
  if (input.lastStateChange !== undefined) service.lastStateChange = input.lastStateChange;
  return { host, service };
}

/** Not all-or-none: each service succeeds or fails on its own, one that breaks its schema included. */
function applyServices(
  state: GroundworkState,
  inputs: ServiceInput[],
  refused: (i: number) => string[] | undefined,
  merge: boolean,
  base: string,
  date: Date,
): Result[] {
  const now = new Instant(date);
  return inputs.map((input, i): Result => {
    const entity = `${entityName(input.hostName, '(Unknown)')}:${entityName(input.description, '(Unknown)')}`;
    const why = refused(i);
    if (why) return failure(entity, why.join('; '));
    const plan = planServiceInput(state, input, merge);
    if (typeof plan === 'string') return failure(entity, plan);
    const { host, service } = applyServiceInput(state, input, plan, now);
    return {
      entity: `${host.hostName}:${service.description}`,
      status: 'success',
      location: serviceLocation(base, host.hostName, service.description),
    };
  });
}

/** Deletes a host's service, as the server's deleteServices reports it. */
function deleteService(state: GroundworkState, hostName: string, description: string): Result {
  const host = findHost(state, hostName);
  const entity = `${host?.hostName ?? hostName}:${description}`;
  if (!host || !host.services.delete(description))
    return { entity, status: 'warning', message: 'Service not found, cannot delete.' };
  return { entity, status: 'success', message: 'Service deleted.' };
}

export const serviceHandlers: Pick<Handlers<operations, GroundworkState>, ServiceOperations> = {
  getServices: async (req, { state }) => {
    const { query, hostName, first = 0, count } = req.query;
    if (query !== undefined && hostName !== undefined) {
      throw new HttpError(400, 'Badly formed request. Both query and hostName parameters not allowed');
    }
    const selecting = query === undefined ? undefined : compiled(query, SERVICE_FIELDS);
    const host = hostName === undefined ? undefined : findHost(state, hostName);
    const hosts = hostName === undefined ? sortedHosts(state) : host ? [host] : [];
    const { found, live } =
      hosts.length === 0 ? { found: [], live: () => true } : await servicesOf(state, hosts, selecting);
    const end = count === undefined ? Infinity : first + count;
    let page: Located[];
    if (selecting && selecting.orderBy.length > 0) {
      // A query's ORDER BY sorts stably on top of the description order; only up to the page's end.
      const views = found.filter((f) => live(f.located)).map((f) => new ServiceView(f.located));
      page = selecting
        .sortTop(views, end)
        .slice(first, end)
        .map((v) => v.located);
    } else {
      page = pageOf(found, live, first, end);
    }
    if (page.length === 0)
      throw new HttpError(404, `Service statuses not found for query criteria [${query ?? hostName ?? '(all)'}]`);
    const properties = withProperties(req.query.depth);
    return {
      status: 200,
      body: { services: page.map(({ host, service }) => projectService(host, service, properties)) },
    };
  },

  getService: (req, { state }) => {
    const { serviceName } = req.path;
    const { hostName } = req.query;
    // A numeric name is first a service id, answered deep (ServiceResource.getService).
    if (/^\d+$/.test(serviceName)) {
      const byId = serviceById(state, Number(serviceName));
      if (byId) return { status: 200, body: projectService(byId.host, byId.service, true) };
      if (hostName === undefined) throw new HttpError(404, `Service id [${serviceName}] not found`);
    }
    if (hostName === undefined) throw new HttpError(400, 'Host name is mandatory');
    const host = findHost(state, hostName);
    const service = host?.services.get(serviceName);
    if (!host || !service) throw new HttpError(404, `Service [${serviceName}] on host [${hostName}] was not found`);
    return { status: 200, body: projectService(host, service, withProperties(req.query.depth)) };
  },

  createOrUpdateServices: (req, { state, now, changed }) => {
    const merge = req.query.merge ?? true;
    const refused = (i: number) => req.refused?.get(`/services/${i}`);
    const body = upsertEntities({
      entities: req.body.services,
      async: req.query.async,
      entityType: 'ServiceStatus',
      asyncEntityType: 'Service Async',
      apply: (services, date) => applyServices(state, services, refused, merge, req.baseUrl, date),
      now,
      changed,
    });
    return { status: 200, body };
  },

  deleteServices: (req, { state, changed }) => {
    const results = req.body.services.map((s, i): Result => {
      const why = req.refused?.get(`/services/${i}`);
      if (why)
        return failure(
          `${entityName(s.hostName, 'unknown host')}:${entityName(s.description, 'unknown service description')}`,
          why.join('; '),
        );
      return deleteService(state, s.hostName, s.description);
    });
    changed();
    return { status: 200, body: resultsOf('ServiceStatus', 'Delete', results, false) };
  },

  deleteServicesByName: (req, { state, changed }) => {
    // The pipeline splits the `simple`-style list; the spec's type also admits one name as a string.
    const names = req.path.serviceName;
    const results = (Array.isArray(names) ? names : [names]).map((name) =>
      deleteService(state, req.query.hostName, name.trim()),
    );
    changed();
    return { status: 200, body: resultsOf('ServiceStatus', 'Delete', results, false) };
  },

  autocompleteServices: (req, { state }) => {
    const { prefix } = req.path;
    const given = req.query.limit ?? state.settings.autocompleteLimit;
    const limit = given < 0 ? Infinity : given;
    const key = prefix === '*' ? '' : prefix.toLowerCase();
    const names = new Set<string>();
    for (const host of state.hosts.values()) {
      for (const description of host.services.keys())
        if (description.toLowerCase().startsWith(key)) names.add(description);
    }
    const sorted = [...names].sort(byName).slice(0, limit);
    if (sorted.length === 0) throw new HttpError(404, `Service status descriptions not found for prefix [${prefix}]`);
    return { status: 200, body: { names: sorted.map((name) => ({ name })) } };
  },
};
