import type { operations } from '../../generated/groundwork.js';
import { HttpError } from '../../mock/errors.js';
import type { Handlers } from '../../mock/types.js';
import { compiled as compiledQuery } from './compiled-queries.js';
import { scanGivingWay } from './give-way.js';
import { HOST_FIELDS, type CompiledQuery, type QueryHost } from './query/index.js';
import { parseDepth, projectHost } from './project.js';
import { findHost, hostKey, keyOf, lowerBound, sortedHosts, type GroundworkState, type HostRecord } from './state.js';
import { present } from '../../common/present.js';

type ReadOperations = 'getHosts' | 'getHost' | 'autocompleteHosts' | 'filterHosts' | 'filterHostsByHostGroups';

type ApplicationTypeView = QueryHost['applicationType'];

/**
 * What the query language sees of a host: the record's own fields read through, the two derived
 * ones (applicationType, deviceDisplayName) looked up only when a query asks for them. Filtering
 * reuses one view for every host (`record` is moved along), so a query over 100,000 hosts builds
 * views only for the matches it sorts, not a copy of every host.
 */
class HostView implements QueryHost {
  constructor(
    private readonly state: GroundworkState,
    /** Per request: one applicationType object per application type, as the query reads them. */
    private readonly apps: Map<string, ApplicationTypeView>,
    public record: HostRecord,
  ) {}

  get id(): number {
    return this.record.id;
  }
  get hostName(): string {
    return this.record.hostName;
  }
  get description(): string | undefined {
    return this.record.description;
  }
  get appType(): string {
    return this.record.appType;
  }
  get applicationType(): ApplicationTypeView {
    const name = this.record.appType;
    let view = this.apps.get(name);
    if (view === undefined) {
      const app = this.state.applicationTypes.get(name);
      view = app
        ? {
            id: app.id,
            name: app.name,
            description: app.description,
            stateTransitionCriteria: app.stateTransitionCriteria,
          }
        : null;
      this.apps.set(name, view);
    }
    return view;
  }
  get monitorStatus(): string {
    return this.record.monitorStatus;
  }
  get agentId(): string | undefined {
    return this.record.agentId;
  }
  get deviceIdentification(): string {
    return this.record.deviceIdentification;
  }
  get deviceDisplayName(): string | undefined {
    return this.state.devices.get(this.record.deviceIdentification)?.displayName;
  }
  get lastCheckTime(): string | undefined {
    return this.record.lastCheckTime;
  }
  get hostGroups(): readonly string[] {
    return this.record.hostGroups;
  }
  get stateType(): string | undefined {
    return this.record.stateType;
  }
  get checkType(): string | undefined {
    return this.record.checkType;
  }
  get properties(): HostRecord['properties'] {
    return this.record.properties;
  }
}

interface QueryPage {
  page: readonly HostRecord[];
  matched: number;
}

/**
 * The hosts a query selects, in its order (name order under a stable ORDER BY); only the first
 * `limit` of them. The scan gives way to other requests (a query over 100,000 hosts with long values,
 * or many `_` in a long LIKE pattern, takes what it takes); a host deleted meanwhile is left out. A
 * scan that did not give way answers at once (no promise).
 */
function runQuery(
  state: GroundworkState,
  all: readonly HostRecord[],
  compiled: CompiledQuery,
  limit: number,
): QueryPage | Promise<QueryPage> {
  const apps = new Map<string, ApplicationTypeView>();
  const first = all[0];
  if (!first) return { page: [], matched: 0 };
  const probe = new HostView(state, apps, first);
  const matches: HostRecord[] = [];
  const scanned = scanGivingWay(all, (host) => {
    probe.record = host;
    if (compiled.predicate(probe)) matches.push(host);
  });
  const ordered = (gaveWay: boolean): QueryPage => {
    const found = gaveWay ? matches.filter((h) => state.hosts.get(keyOf(h)) === h) : matches;
    if (compiled.orderBy.length === 0) return { page: found.slice(0, limit), matched: found.length };
    const sorted = compiled.sortTop(
      found.map((h) => new HostView(state, apps, h)),
      limit,
    );
    return { page: sorted.map((v) => v.record), matched: found.length };
  };
  return typeof scanned === 'boolean' ? ordered(scanned) : scanned.then(ordered);
}

/** Every host of any of the comma-separated groups, once, in name order. */
function inHostGroups(state: GroundworkState, hostGroupNames: string): HostRecord[] {
  const groups = hostGroupNames
    .split(',')
    .map((g) => g.trim())
    .filter(Boolean);
  const keys = new Set<string>();
  for (const group of groups) for (const key of state.hostGroupMembers.get(group) ?? []) keys.add(key);
  // Few members: sort their keys; many: one pass over the already sorted hosts is cheaper.
  const sorted = sortedHosts(state);
  return keys.size * 16 < sorted.length
    ? [...keys].sort().map((k) => present(state.hosts.get(k), `host ${k}`))
    : sorted.filter((h) => keys.has(keyOf(h)));
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
    const compiled = query === undefined ? undefined : compiledQuery(query, HOST_FIELDS);
    // Name order throughout; a query's ORDER BY sorts stably on top of it.
    let hosts: readonly HostRecord[] = sortedHosts(state);
    if (agentId !== undefined) hosts = hosts.filter((h) => h.agentId === agentId);
    // Only the hosts up to the end of the page are put in order, and only the page is projected.
    const end = count === undefined ? Infinity : first + count;
    const answer = ({ page: selected, matched }: QueryPage) => {
      const page = selected.slice(first, end);
      if (page.length === 0) {
        const why =
          matched > 0
            ? `no hosts from record ${first} on (${matched} match)`
            : query === undefined
              ? 'no hosts'
              : `no hosts match query [${query}]`;
        throw new HttpError(404, `Hosts not found: ${why}`);
      }
      return { status: 200 as const, body: { hosts: page.map((h) => projectHost(state, h, depth)) } };
    };
    if (!compiled || hosts.length === 0) return answer({ page: hosts, matched: hosts.length });
    const selected = runQuery(state, hosts, compiled, end);
    // A query that did not give way is answered at once: no promise for the pipeline to wait on.
    return selected instanceof Promise ? selected.then(answer) : answer(selected);
  },

  getHost: (req, { state }) => {
    const host = hostOr404(state, req.path.hostName);
    return { status: 200, body: projectHost(state, host, parseDepth(req.query.depth)) };
  },

  autocompleteHosts: (req, { state }) => {
    const { prefix } = req.path;
    // A negative limit is no limit (the server's Autocomplete); 0 finds nothing.
    const given = req.query.limit ?? state.settings.autocompleteLimit;
    const limit = given < 0 ? Infinity : given;
    let names: string[];
    const sorted = sortedHosts(state);
    if (prefix === '*') {
      names = sorted.slice(0, limit).map((h) => h.hostName);
    } else {
      // The sorted array is ordered by lower-cased name, so the matches are one contiguous run.
      const key = hostKey(prefix);
      names = [];
      for (let i = lowerBound(state, key); i < sorted.length && names.length < limit; i++) {
        const host = sorted[i];
        if (!host || !keyOf(host).startsWith(key)) break;
        names.push(host.hostName);
      }
    }
    if (names.length === 0) throw new HttpError(404, `No host names start with [${prefix}]`);
    return { status: 200, body: { names: names.map((name) => ({ name })) } };
  },

  filterHosts: (req, { state }) => {
    const hosts = inHostGroups(state, req.query.hostGroupNames);
    if (hosts.length === 0) throw new HttpError(404, `No hosts found in host groups [${req.query.hostGroupNames}]`);
    const depth = parseDepth(req.query.depth);
    return { status: 200, body: { hosts: hosts.map((h) => projectHost(state, h, depth)) } };
  },

  filterHostsByHostGroups: (req, { state }) => {
    if (state.hosts.size === 0)
      throw new HttpError(404, `Hosts not found for filter criteria [${req.query.hostGroupNames}]`);
    const depth = parseDepth(req.query.depth);
    return {
      status: 200,
      body: { hosts: inHostGroups(state, req.query.hostGroupNames).map((h) => projectHost(state, h, depth)) },
    };
  },
};
