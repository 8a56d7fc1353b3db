import { setOwn } from '../../common/own.js';
import type { VendorOptions } from '../../mock/types.js';
import { settingsFrom } from './fixtures.js';
import {
  emptyState,
  EVENT_TEXT_FIELDS,
  keyOf,
  NO_NAMES,
  ID_KINDS,
  insertHost,
  hostKey,
  setPending,
  type PendingHosts,
  type ApplicationTypeRecord,
  type Device,
  type GroundworkState,
  type HostGroupRecord,
  type HostRecord,
  type IdKind,
  type MetricRecord,
  type MetricSample,
  type NamedRecord,
  type NotificationRecord,
  type Properties,
  type ServiceRecord,
  type Session,
  type StatusEvent,
} from './state.js';
import { isIndexedList, isStreamedList, type IndexedList } from '../../common/streamed-list.js';
import { ServiceList } from './service-list.js';

// Reads a dump (dump.ts) back, refusing anything malformed with the path of its first problem.

/** Where in the dump we are; the path is spelled out only when something fails (a million services load fast). */
class Reader {
  constructor(
    private readonly parent: Reader | undefined,
    private key: string | number,
  ) {}

  /**
   * This reader moved to another element of the same list: one reader walks a list, rather than
   * two made for each of its elements (two million for a million services, all garbage).
   */
  moveTo(index: number): this {
    this.key = index;
    return this;
  }

  get path(): string {
    if (!this.parent) return String(this.key);
    return typeof this.key === 'number' ? `${this.parent.path}[${this.key}]` : `${this.parent.path}.${this.key}`;
  }

  fail(what: string): never {
    throw new Error(`groundwork state: ${this.path} ${what}`);
  }

  at(key: string | number): Reader {
    return new Reader(this, key);
  }

  /** The reader of the list this one walks. */
  parentAt(): Reader {
    return this.parent ?? this;
  }
}

type Obj = Record<string, unknown>;

function object(value: unknown, r: Reader): Obj {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) r.fail('must be an object');
  return value as Obj;
}

function array(value: unknown, r: Reader): unknown[] {
  if (!Array.isArray(value)) r.fail('must be an array');
  return value as unknown[];
}

/**
 * One copy of each repeated string of a load: JSON.parse keeps a copy per occurrence of any string
 * over 10 characters, and a million services repeat their names (`local_disk_root`), statuses,
 * agents and plug-in outputs. Capped, so an estate of unique strings does not build a second index
 * of them; the common ones come early. Only fields that repeat come here: a lookup hashes a string
 * JSON.parse has just made, and a million of them was a second of a 100,000-host load's CPU. Names
 * of devices, application types, groups and categories are shared another way: a host's or
 * service's reference is replaced by the key of the record it names, found by the check that it
 * exists (see load).
 */
class Strings {
  private readonly known = new Map<string, string>();

  get(value: string): string {
    // JSON.parse already keeps one copy of each string of up to 10 characters.
    if (value.length <= 10) return value;
    const known = this.known.get(value);
    if (known !== undefined) return known;
    if (this.known.size < MAX_INTERNED) this.known.set(value, value);
    return value;
  }
}

const MAX_INTERNED = 1 << 16;

function str(o: Obj, key: string, r: Reader, strings?: Strings): string {
  const v = o[key];
  if (typeof v !== 'string' || v === '') r.at(key).fail('must be a non-empty string');
  return strings ? strings.get(v as string) : (v as string);
}

function optStr(o: Obj, key: string, r: Reader, strings?: Strings): string | undefined {
  const v = o[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') r.at(key).fail('must be a string');
  return strings ? strings.get(v as string) : (v as string);
}

function int(o: Obj, key: string, r: Reader): number {
  const v = o[key];
  if (!Number.isSafeInteger(v) || (v as number) < 0) r.at(key).fail('must be a non-negative integer');
  return v as number;
}

function optNum(o: Obj, key: string, r: Reader): number | undefined {
  const v = o[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v)) r.at(key).fail('must be a number');
  return v as number;
}

/**
 * A list of names (a new array, or the shared NO_NAMES when empty); the caller replaces each by
 * the key of the record it names (see shareNames).
 */
function names(o: Obj, key: string, r: Reader): readonly string[] {
  const v = o[key];
  if (v === undefined) return NO_NAMES;
  if (!Array.isArray(v)) r.at(key).fail('must be an array');
  const list = v as unknown[];
  if (list.length === 0) return NO_NAMES;
  const out = new Array<string>(list.length);
  for (let i = 0; i < list.length; i++) {
    const name = list[i];
    if (typeof name !== 'string' || name === '') r.at(key).at(i).fail('must be a non-empty string');
    out[i] = name as string;
  }
  return out;
}

/**
 * Checks that each name of a record's list is a key of `records`, and puts that key in its place:
 * one copy of each name, shared by the records that name it, for the price of the check.
 */
function shareNames(
  list: readonly string[],
  records: Map<string, { name: string }>,
  unknown: (name: string) => never,
): void {
  // The record's own list, just read (names); an empty one, the shared NO_NAMES, is not written.
  const own = list as string[];
  for (let i = 0; i < own.length; i++) {
    const record = records.get(own[i] as string);
    if (record === undefined) return unknown(own[i] as string);
    own[i] = record.name;
  }
}

/** The `properties` member of a record, read through the record's reader. */
function properties(value: unknown, record: Reader, strings?: Strings, owned = false): Properties {
  if (value === undefined) return {};
  const parsed = object(value, record.at('properties')) as Properties;
  const o = owned ? parsed : { ...parsed };
  for (const k in o) {
    const v = o[k];
    const type = typeof v;
    if (type === 'string') {
      if (strings) o[k] = strings.get(v as string);
    } else if (type !== 'number' && type !== 'boolean') {
      record.at('properties').at(k).fail('must be a string, number or boolean');
    }
  }
  return o;
}

function readList<T>(d: Obj, key: string, r: Reader, read: (o: Obj, r: Reader) => T): T[] {
  const list = d[key] ?? [];
  return array(list, r.at(key)).map((item, i) => read(object(item, r.at(key).at(i)), r.at(key).at(i)));
}

const readNamed = (o: Obj, r: Reader): NamedRecord => ({ id: int(o, 'id', r), name: str(o, 'name', r) });

/**
 * A service as every one is built: the fields nearly all services have (lastCheckTime undefined
 * until a first check) in one object literal, then those few have, only when present. 72 bytes
 * less a service than slots for every optional field (69 MiB at a million), and a handful of
 * shapes: a dump prints the fields in this order, so a reloaded state prints the same text.
 */
function readService(o: Obj, r: Reader, strings: Strings, owned: boolean): ServiceRecord {
  const monitorStatus = str(o, 'monitorStatus', r, strings);
  const service: ServiceRecord = {
    id: int(o, 'id', r),
    description: str(o, 'description', r, strings),
    appType: str(o, 'appType', r, strings),
    monitorStatus,
    lastHardState: optStr(o, 'lastHardState', r, strings) ?? monitorStatus,
    stateType: optStr(o, 'stateType', r, strings) ?? 'HARD',
    checkType: optStr(o, 'checkType', r, strings) ?? 'ACTIVE',
    monitorServer: optStr(o, 'monitorServer', r, strings) ?? 'localhost',
    lastCheckTime: optStr(o, 'lastCheckTime', r),
    properties: properties(o.properties, r, strings, owned),
    serviceGroups: names(o, 'serviceGroups', r),
    serviceCategories: names(o, 'serviceCategories', r),
  };
  const agentId = optStr(o, 'agentId', r, strings);
  if (agentId !== undefined) service.agentId = agentId;
  const nextCheckTime = optStr(o, 'nextCheckTime', r);
  if (nextCheckTime !== undefined) service.nextCheckTime = nextCheckTime;
  const lastStateChange = optStr(o, 'lastStateChange', r);
  if (lastStateChange !== undefined) service.lastStateChange = lastStateChange;
  const lastPlugInOutput = optStr(o, 'lastPlugInOutput', r, strings);
  if (lastPlugInOutput !== undefined) service.lastPlugInOutput = lastPlugInOutput;
  const metricType = optStr(o, 'metricType', r, strings);
  if (metricType !== undefined) service.metricType = metricType;
  const serviceValue = optStr(o, 'serviceValue', r);
  if (serviceValue !== undefined) service.serviceValue = serviceValue;
  const warningLevel = optNum(o, 'warningLevel', r);
  if (warningLevel !== undefined) service.warningLevel = warningLevel;
  const criticalLevel = optNum(o, 'criticalLevel', r);
  if (criticalLevel !== undefined) service.criticalLevel = criticalLevel;
  if (o.metrics !== undefined) service.metrics = readList(o, 'metrics', r, readMetric);
  return service;
}

function readMetric(o: Obj, r: Reader): MetricRecord {
  let tags: Record<string, string> | undefined;
  if (o.tags !== undefined) {
    const t = object(o.tags, r.at('tags'));
    for (const k in t) if (typeof t[k] !== 'string') r.at('tags').at(k).fail('must be a string');
    tags = { ...(t as Record<string, string>) };
  }
  return {
    name: str(o, 'name', r),
    unit: optStr(o, 'unit', r),
    tags,
    warning: optNum(o, 'warning', r),
    critical: optNum(o, 'critical', r),
    min: optNum(o, 'min', r),
    max: optNum(o, 'max', r),
    samples: readList(o, 'samples', r, (s, at) => {
      const type = typeof s.value;
      if (type !== 'string' && type !== 'boolean' && !(type === 'number' && Number.isFinite(s.value)))
        at.at('value').fail('must be a string, boolean or finite number');
      return { time: str(s, 'time', at), value: s.value as MetricSample['value'] };
    }),
  };
}

// Hosts are built whole, optional fields included (undefined when absent): one shape for all of them.
function readHost(o: Obj, r: Reader, strings: Strings, owned: boolean): HostRecord {
  if (o.acknowledged !== undefined && typeof o.acknowledged !== 'boolean')
    r.at('acknowledged').fail('must be a boolean');
  const hostGroups = names(o, 'hostGroups', r);
  const host: HostRecord = {
    id: int(o, 'id', r),
    hostName: str(o, 'hostName', r),
    description: optStr(o, 'description', r, strings),
    monitorStatus: str(o, 'monitorStatus', r, strings),
    appType: str(o, 'appType', r),
    deviceIdentification: str(o, 'deviceIdentification', r),
    agentId: optStr(o, 'agentId', r, strings),
    monitorServer: optStr(o, 'monitorServer', r, strings),
    lastCheckTime: optStr(o, 'lastCheckTime', r),
    nextCheckTime: optStr(o, 'nextCheckTime', r),
    lastStateChange: optStr(o, 'lastStateChange', r),
    lastPlugInOutput: optStr(o, 'lastPlugInOutput', r),
    stateType: optStr(o, 'stateType', r, strings),
    checkType: optStr(o, 'checkType', r, strings),
    acknowledged: o.acknowledged === true,
    properties: properties(o.properties, r, strings, owned),
    // A host's groups change in place (joinHostGroup): its own array, never the shared NO_NAMES.
    hostGroups: hostGroups.length === 0 ? [] : (hostGroups as string[]),
    hostCategories: names(o, 'hostCategories', r),
    services: readServices(o, r, strings, owned),
  };
  return host;
}

/**
 * A host's services, in an array of their number (a pushed-to one is up to half again as long).
 * Descriptions are checked unique by comparing each with those before it: a host has a handful,
 * and a Set for each of 100,000 hosts was garbage to collect.
 */
function readServices(o: Obj, r: Reader, strings: Strings, owned: boolean): ServiceList {
  if (o.services === undefined) return new ServiceList([]);
  const list = array(o.services, r.at('services'));
  const services = new Array<ServiceRecord>(list.length);
  const seen = list.length > UNIQUE_BY_SCAN ? new Set<string>() : undefined;
  const at = r.at('services').at(0);
  for (let i = 0; i < list.length; i++) {
    at.moveTo(i);
    const service = readService(object(list[i], at), at, strings, owned);
    const description = service.description;
    let repeated = false;
    if (seen) {
      repeated = seen.has(description);
      seen.add(description);
    } else {
      for (let k = 0; k < i && !repeated; k++) repeated = services[k]?.description === description;
    }
    if (repeated) at.fail(`repeats service '${description}'`);
    services[i] = service;
  }
  return new ServiceList(services);
}

const UNIQUE_BY_SCAN = 32;

/** A checked copy of an event or notification record (both share these fields); the caller names which. */
function readHistory(o: Obj, r: Reader): Obj {
  int(o, 'id', r);
  str(o, 'time', r);
  str(o, 'hostName', r);
  str(o, 'status', r);
  for (const key of ['serviceDescription', 'message', 'previousStatus', ...EVENT_TEXT_FIELDS]) optStr(o, key, r);
  if (o.entityType !== 'HOST' && o.entityType !== 'SERVICE') r.at('entityType').fail("must be 'HOST' or 'SERVICE'");
  return structuredClone(o);
}

/**
 * Checks that what a host names exists (device, application type, groups and categories, its
 * services' groups and categories), and makes it hold the key of each: one copy of each name.
 */
function linkHost(state: GroundworkState, host: HostRecord, r: Reader): void {
  const device = state.devices.get(host.deviceIdentification);
  if (!device)
    return r.at('deviceIdentification').fail(`names device '${host.deviceIdentification}', which is not in devices`);
  host.deviceIdentification = device.identification;
  const app = state.applicationTypes.get(host.appType);
  if (!app) return r.at('appType').fail(`names application type '${host.appType}', which is not in applicationTypes`);
  host.appType = app.name;
  shareNames(host.hostGroups, state.hostGroups, (g) =>
    r.at('hostGroups').fail(`names host group '${g}', which is not in hostGroups`),
  );
  shareNames(host.hostCategories, state.hostCategories, (c) =>
    r.at('hostCategories').fail(`names host category '${c}', which is not in hostCategories`),
  );
  for (const s of host.services.values()) {
    if (s.serviceGroups.length > 0)
      shareNames(s.serviceGroups, state.serviceGroups, (g) =>
        r.at('services').fail(`name service group '${g}', which is not in serviceGroups`),
      );
    if (s.serviceCategories.length > 0)
      shareNames(s.serviceCategories, state.serviceCategories, (c) =>
        r.at('services').fail(`name service category '${c}', which is not in serviceCategories`),
      );
  }
}

/**
 * Builds a whole new state from a dump, checking shapes and references (every host's device,
 * application type, groups and categories exist; host names are unique ignoring case). The
 * current state is untouched until the caller swaps the result in.
 */
export function load(value: unknown, options: VendorOptions): GroundworkState {
  const root = new Reader(undefined, 'state');
  const d = object(value, root);
  if (d.version !== undefined && d.version !== 1) root.at('version').fail('must be 1');
  const state = emptyState(settingsFrom(options));
  const strings = new Strings();

  // A hand-written dump may leave the application types out: NAGIOS, as in every fixture set.
  if (d.applicationTypes !== undefined) {
    state.applicationTypes.clear();
    for (const app of readList(
      d,
      'applicationTypes',
      root,
      (o, r) =>
        ({
          id: int(o, 'id', r),
          name: str(o, 'name', r),
          description: optStr(o, 'description', r),
          stateTransitionCriteria: optStr(o, 'stateTransitionCriteria', r),
          properties: properties(o.properties, r),
        }) satisfies ApplicationTypeRecord,
    ))
      state.applicationTypes.set(app.name, app);
    if (state.applicationTypes.size === 0) root.at('applicationTypes').fail('must name at least one application type');
  }

  for (const device of readList(
    d,
    'devices',
    root,
    (o, r) =>
      ({
        id: int(o, 'id', r),
        identification: str(o, 'identification', r),
        displayName: optStr(o, 'displayName', r),
      }) satisfies Device,
  ))
    state.devices.set(device.identification, device);
  for (const group of readList(
    d,
    'hostGroups',
    root,
    (o, r) =>
      ({
        id: int(o, 'id', r),
        name: str(o, 'name', r),
        appType: optStr(o, 'appType', r),
        description: optStr(o, 'description', r),
        agentId: optStr(o, 'agentId', r),
      }) satisfies HostGroupRecord,
  ))
    state.hostGroups.set(group.name, group);
  for (const c of readList(d, 'hostCategories', root, readNamed)) state.hostCategories.set(c.name, c);
  for (const g of readList(d, 'serviceGroups', root, readNamed)) state.serviceGroups.set(g.name, g);
  for (const c of readList(d, 'serviceCategories', root, readNamed)) state.serviceCategories.set(c.name, c);

  const maxIds: Record<IdKind, number> = { ...state.lastIds, applicationType: 0 };
  const seen = (kind: IdKind, id: number): void => {
    maxIds[kind] = Math.max(maxIds[kind], id);
  };
  for (const app of state.applicationTypes.values()) seen('applicationType', app.id);
  for (const device of state.devices.values()) seen('device', device.id);
  for (const g of state.hostGroups.values()) seen('hostGroup', g.id);
  for (const c of state.hostCategories.values()) seen('hostCategory', c.id);
  for (const g of state.serviceGroups.values()) seen('serviceGroup', g.id);
  for (const c of state.serviceCategories.values()) seen('serviceCategory', c.id);

  const hostList = d.hosts ?? [];
  const r = root.at('hosts').at(0);
  // A large state file's hosts are indexed by name now and parsed after the mock listens (Hydration).
  const hydration = isIndexedList(hostList) && hostList.lazy ? new Hydration(state, hostList, strings, r) : undefined;
  if (!hydration) readHosts(state, hostList, strings, r, seen);

  // A session written before sessions had an idle time counts as used when it is loaded.
  const loadedAt = Date.now();
  for (const s of readList(d, 'sessions', root, (o, r): Session => ({
    token: str(o, 'token', r),
    appName: str(o, 'appName', r),
    user: str(o, 'user', r),
    lastUsed: optNum(o, 'lastUsed', r) ?? loadedAt,
  }))) {
    state.sessions.set(s.token, s);
  }
  state.events = readList(d, 'events', root, (o, r) => readHistory(o, r) as unknown as StatusEvent);
  state.notifications = readList(
    d,
    'notifications',
    root,
    (o, r) => readHistory(o, r) as unknown as NotificationRecord,
  );
  for (const e of state.events) seen('event', e.id);
  for (const n of state.notifications) seen('notification', n.id);

  // Ids only grow: never below what the dump says was issued, nor below an id it contains.
  const lastIds = d.lastIds === undefined ? {} : object(d.lastIds, root.at('lastIds'));
  for (const kind of ID_KINDS) {
    const given = lastIds[kind] === undefined ? 0 : int(lastIds, kind, root.at('lastIds'));
    state.lastIds[kind] = Math.max(given, maxIds[kind]);
  }
  return hydration ? hydration.start() : state;
}

/** The hosts of a dump, read and inserted in the dump's order; `r` walks the list. */
function readHosts(
  state: GroundworkState,
  hostList: unknown,
  strings: Strings,
  r: Reader,
  seen: (kind: IdKind, id: number) => void,
): void {
  // A streamed list's elements were parsed for this load alone: their property maps are kept, not copied.
  const owned = isStreamedList(hostList);
  let i = 0;
  for (const item of owned ? hostList : array(hostList, r.parentAt())) {
    r.moveTo(i++);
    const host = readHost(object(item, r), r, strings, owned);
    if (state.hosts.has(keyOf(host)))
      r.at('hostName').fail(`repeats host '${host.hostName}' (host names are unique ignoring case)`);
    linkHost(state, host, r);
    for (const s of host.services.values()) seen('service', s.id);
    seen('host', host.id);
    // A dump lists hosts in name order, so each lands at the end of the sorted array; others are merged once.
    insertHost(state, host);
  }
}

/** The fields of a state that come from its hosts: reading any of them waits for every host. */
const FROM_HOSTS = ['hosts', 'sorted', 'unsorted', 'hostGroupMembers', 'deviceUsers', 'lastIds'] as const;

/** Host records parsed in a batch between requests: a few milliseconds (a batch of ~60 KiB is one or two). */
const SLICE_MS = 4;

/**
 * The lazy load of a large state file's hosts (issue 19: 100,000 hosts listening in under 3 s). At
 * start only the names are read (the structure scan's, or the element parsed where it could not
 * read one) into an index, which finds repeated names as the full load does; the records are built
 * after the mock listens, a slice of a few milliseconds at a time between requests, in the dump's
 * order, with the full load's checks and messages. Until the last one is built:
 * - findHost answers from the index, parsing the one host it names (kept for its turn), so a
 *   lookup by name is as quick as after;
 * - anything else that reads the hosts (a query, a page, a write, the state file's write, a dump)
 *   reads one of FROM_HOSTS, whose getter builds the rest first: it answers exactly as after,
 *   later;
 * - a broken host found by the background slices is handed to the list's onLateError (the mock
 *   exits as a failed start would); found by a request, it is also that request's error.
 * The file stays open until then: the mock replaces it by rename, so the bytes read are the ones
 * the index was made from.
 */
class Hydration implements PendingHosts {
  private next = 0;
  /** By lower-cased name, the host's index in the list; and each index's key. Dropped when done. */
  private index = new Map<string, number>();
  private keys: string[] = [];
  /** Hosts built out of turn (found by name, or parsed at start for their name), until their turn. */
  private readonly early = new Map<number, HostRecord>();
  private failed?: Error;
  private done = false;
  private maxHost = 0;
  private maxService = 0;
  private outer?: GroundworkState;

  constructor(
    private readonly inner: GroundworkState,
    private readonly list: IndexedList,
    private readonly strings: Strings,
    private readonly r: Reader,
  ) {
    for (let i = 0; i < list.length; i++) {
      let name = list.nameAt(i);
      if (name === undefined) {
        const host = this.build(i, list.element(i));
        this.early.set(i, host);
        name = host.hostName;
      }
      const key = hostKey(name);
      if (this.index.has(key))
        r.moveTo(i).at('hostName').fail(`repeats host '${name}' (host names are unique ignoring case)`);
      this.index.set(key, i);
      this.keys.push(key);
    }
  }

  /** The state the mock serves (its FROM_HOSTS fields wait for the hosts), the slices scheduled. */
  start(): GroundworkState {
    const inner = this.inner;
    const outer = { ...inner };
    for (const key of FROM_HOSTS)
      Object.defineProperty(outer, key, {
        configurable: true,
        enumerable: true,
        get: () => {
          this.complete();
          return outer[key];
        },
        set: (value: unknown) => {
          this.complete();
          (outer as Record<string, unknown>)[key] = value;
        },
      });
    this.outer = outer;
    this.list.keep();
    setPending(outer, this);
    setImmediate(() => this.slice());
    return outer;
  }

  find(key: string): HostRecord | undefined {
    if (this.failed) throw this.failed;
    const i = this.index.get(key);
    if (i === undefined) return undefined;
    if (i < this.next) return this.inner.hosts.get(key);
    let host = this.early.get(i);
    if (!host) {
      try {
        host = this.build(i, this.list.element(i));
      } catch (error) {
        throw this.fail(error as Error);
      }
      this.early.set(i, host);
    }
    return host;
  }

  /** Builds every host not built yet, now. */
  complete(): void {
    if (this.done) return;
    if (this.failed) throw this.failed;
    try {
      while (this.next < this.list.length) this.step();
    } catch (error) {
      throw this.fail(error as Error);
    }
    this.finish();
  }

  private slice(): void {
    if (this.done || this.failed) return;
    const until = performance.now() + SLICE_MS;
    try {
      do this.step();
      while (this.next < this.list.length && performance.now() < until);
    } catch (error) {
      this.fail(error as Error);
      return;
    }
    if (this.next < this.list.length) setImmediate(() => this.slice());
    else this.finish();
  }

  /** One batch of hosts parsed, built and inserted in the dump's order. */
  private step(): void {
    const { items, last } = this.list.batch(this.next);
    for (let i = this.next; i < last; i++) {
      const host = this.early.get(i) ?? this.build(i, items[i - this.next]);
      this.early.delete(i);
      for (const s of host.services.values()) this.maxService = Math.max(this.maxService, s.id);
      this.maxHost = Math.max(this.maxHost, host.id);
      insertHost(this.inner, host);
    }
    this.next = last;
  }

  /** The full load's reading and checks of one host. */
  private build(i: number, item: unknown): HostRecord {
    const r = this.r.moveTo(i);
    const host = readHost(object(item, r), r, this.strings, true);
    const key = this.keys[i];
    // The scan read the first hostName key; JSON.parse keeps the last of two.
    if (key !== undefined && keyOf(host) !== key) r.at('hostName').fail('is given twice, differently');
    linkHost(this.inner, host, r);
    return host;
  }

  private finish(): void {
    const { inner, outer } = this;
    this.done = true;
    this.list.release();
    this.index = new Map();
    this.keys = [];
    inner.lastIds.host = Math.max(inner.lastIds.host, this.maxHost);
    inner.lastIds.service = Math.max(inner.lastIds.service, this.maxService);
    if (!outer) return;
    for (const key of FROM_HOSTS) setOwn(outer, key, inner[key]);
    setPending(outer, undefined);
  }

  private fail(error: Error): Error {
    if (this.failed) return this.failed;
    this.failed = error;
    this.list.release();
    this.list.onLateError?.(error);
    return error;
  }
}
