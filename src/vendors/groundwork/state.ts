import type { components } from '../../generated/groundwork.js';
import type { PropertyValue } from './query/index.js';
import type { ServiceList } from './service-list.js';

/**
 * The GroundWork mock's state, built for 100,000 hosts: hosts by lower-cased name (O(1) lookup and
 * case-insensitive merging), a name-sorted array (listing, paging and autocomplete never sort; new
 * hosts are merged into it in one pass when it is next read, see sortedHosts), and a host group →
 * member index for the filter.
 */

export type Properties = Record<string, PropertyValue>;

export interface ServiceRecord {
  id: number;
  /** The service's name on its host, e.g. `local_cpu_httpd`. */
  description: string;
  appType: string;
  monitorStatus: string;
  lastHardState: string;
  stateType: string;
  checkType: string;
  agentId?: string;
  monitorServer: string;
  lastCheckTime?: string;
  nextCheckTime?: string;
  lastStateChange?: string;
  lastPlugInOutput?: string;
  properties: Properties;
  serviceGroups: readonly string[];
  serviceCategories: readonly string[];
  metricType?: string;
  serviceValue?: string;
  warningLevel?: number;
  criticalLevel?: number;
  /** What a connector sent about this service (`POST /api/monitoring`), by metric, oldest first. */
  metrics?: MetricRecord[];
}

/** One sample of a metric: when it was taken, and its value. */
export interface MetricSample {
  time: string;
  value: number | string | boolean;
}

/** A metric of a service: its last samples (at most MAX_SAMPLES), unit, tags and thresholds. */
export interface MetricRecord {
  name: string;
  unit?: string;
  tags?: Record<string, string>;
  warning?: number;
  critical?: number;
  min?: number;
  max?: number;
  samples: MetricSample[];
}

/** Samples kept per metric, and metrics per service: a connector feeding for days must not grow memory forever. */
export const MAX_SAMPLES = 20;
export const MAX_METRICS = 256;

export interface HostRecord {
  id: number;
  hostName: string;
  description?: string;
  monitorStatus: string;
  appType: string;
  /** Key of the host's device in `devices`. */
  deviceIdentification: string;
  agentId?: string;
  monitorServer?: string;
  lastCheckTime?: string;
  nextCheckTime?: string;
  lastStateChange?: string;
  lastPlugInOutput?: string;
  stateType?: string;
  checkType?: string;
  acknowledged: boolean;
  properties: Properties;
  hostGroups: string[];
  hostCategories: readonly string[];
  /** By service description, which is case-sensitive as in GroundWork. */
  services: ServiceList;
}

export interface Device {
  id: number;
  identification: string;
  displayName?: string;
}

export interface ApplicationTypeRecord {
  id: number;
  name: string;
  description?: string;
  stateTransitionCriteria?: string;
  properties: Properties;
}

export interface HostGroupRecord {
  id: number;
  name: string;
  appType?: string;
  description?: string;
  /** The connector agent that created the group (`POST /api/synchronizer`, `/api/monitoring`). */
  agentId?: string;
}

/** Host categories, service groups and service categories: created on demand, named, numbered. */
export interface NamedRecord {
  id: number;
  name: string;
}

type EventSchemas = components['schemas']['Event'] & components['schemas']['EventAck'];

/** The optional text fields of a posted event, in the order dumps print them. */
export const EVENT_TEXT_FIELDS = [
  'operationStatus',
  'acknowledgedBy',
  'acknowledgeComment',
  'device',
  'severity',
  'applicationSeverity',
  'component',
  'subComponent',
  'priority',
  'typeRule',
  'reportDate',
  'lastInsertDate',
  'applicationName',
  'consolidationName',
  'errorType',
  'loggerName',
  'logType',
  'monitorServer',
] as const satisfies ReadonlyArray<keyof EventSchemas>;

/** Of those, the ones the console sets or converts itself rather than keeping as posted. */
const EVENT_FIELDS_NOT_AS_POSTED = [
  'operationStatus',
  'acknowledgedBy',
  'acknowledgeComment',
  'reportDate',
  'lastInsertDate',
] as const satisfies ReadonlyArray<(typeof EVENT_TEXT_FIELDS)[number]>;

/** The text fields `POST /api/events` keeps as they came (a non-empty value), in the dump's order. */
export const EVENT_FIELDS_AS_POSTED = EVENT_TEXT_FIELDS.filter(
  (key): key is Exclude<(typeof EVENT_TEXT_FIELDS)[number], (typeof EVENT_FIELDS_NOT_AS_POSTED)[number]> =>
    !(EVENT_FIELDS_NOT_AS_POSTED as readonly string[]).includes(key),
);

/** Those fields as the spec's Event (and EventAck, for the acknowledgement) name and type them. */
type EventText = Partial<Pick<EventSchemas, (typeof EVENT_TEXT_FIELDS)[number]>>;

/**
 * An event of GroundWork's event console: a status change the Biz APIs or a connector's monitoring
 * recorded (with `previousStatus`), or an event posted to `POST /api/events` (with whichever of the
 * console's text fields it carried; `operationStatus` is `OPEN` when absent, `ACKNOWLEDGED` after
 * `POST /api/events/ack`). `status` is the event's monitor status, `message` its text.
 */
export interface StatusEvent extends EventText {
  id: number;
  time: string;
  entityType: 'HOST' | 'SERVICE';
  hostName: string;
  serviceDescription?: string;
  appType: string;
  previousStatus?: string;
  status: string;
  message?: string;
}

/** A notification the status change sent (GroundWork hands these to its notifier). */
export interface NotificationRecord {
  id: number;
  time: string;
  entityType: 'HOST' | 'SERVICE';
  hostName: string;
  serviceDescription?: string;
  notificationType: 'PROBLEM' | 'RECOVERY';
  status: string;
  message?: string;
}

export interface Session {
  token: string;
  appName: string;
  user: string;
  /** When the token was last used (epoch ms, the mock's clock): it expires after Settings.tokenIdleSeconds idle. */
  lastUsed: number;
}

export const ID_KINDS = [
  'host',
  'service',
  'device',
  'hostGroup',
  'hostCategory',
  'serviceGroup',
  'serviceCategory',
  'applicationType',
  'event',
  'notification',
] as const;
export type IdKind = (typeof ID_KINDS)[number];

/** From the vendor's options; never part of a dump, so credentials do not leak into state files. */
export interface Settings {
  user: string;
  password: string;
  /** A token accepted with any GWOS-APP-NAME, for local use without logging in. */
  demoToken: string;
  autocompleteLimit: number;
  /** A login token expires after this long unused (GroundWork: 28,800 s). */
  tokenIdleSeconds: number;
  /** Live tokens at most; at the limit GroundWork drops them all (500). */
  maxSessions: number;
}

export interface GroundworkState {
  settings: Settings;
  /** By lower-cased host name. */
  hosts: Map<string, HostRecord>;
  /** Hosts ordered by lower-cased name: read it through sortedHosts(), which merges `unsorted` in first. */
  sorted: HostRecord[];
  /**
   * Hosts inserted since `sorted` was last read, in no order. A feeder's batch of 1,000 new hosts is
   * then one merge into 100,000, not 1,000 splices of it.
   */
  unsorted: HostRecord[];
  devices: Map<string, Device>;
  /** Device identification → how many hosts use it (derived, never dumped): a device goes with its last host. */
  deviceUsers: Map<string, number>;
  applicationTypes: Map<string, ApplicationTypeRecord>;
  hostGroups: Map<string, HostGroupRecord>;
  /** Host group name → lower-cased names of its member hosts. */
  hostGroupMembers: Map<string, Set<string>>;
  hostCategories: Map<string, NamedRecord>;
  serviceGroups: Map<string, NamedRecord>;
  serviceCategories: Map<string, NamedRecord>;
  sessions: Map<string, Session>;
  events: StatusEvent[];
  notifications: NotificationRecord[];
  /** The last id issued, per kind: ids are integers that only grow. */
  lastIds: Record<IdKind, number>;
}

/** Events and notifications kept, newest last; a feeder benchmark must not grow memory forever. */
export const MAX_HISTORY = 10_000;

export const NAGIOS: ApplicationTypeRecord = {
  id: 100,
  name: 'NAGIOS',
  description: 'System monitored by Nagios',
  stateTransitionCriteria: 'Device;Host;ServiceDescription',
  properties: {},
};

export function emptyState(settings: Settings): GroundworkState {
  const lastIds = Object.fromEntries(ID_KINDS.map((k) => [k, 0])) as Record<IdKind, number>;
  lastIds.applicationType = NAGIOS.id;
  return {
    settings,
    hosts: new Map(),
    sorted: [],
    unsorted: [],
    devices: new Map(),
    deviceUsers: new Map(),
    applicationTypes: new Map([[NAGIOS.name, structuredClone(NAGIOS)]]),
    hostGroups: new Map(),
    hostGroupMembers: new Map(),
    hostCategories: new Map(),
    serviceGroups: new Map(),
    serviceCategories: new Map(),
    sessions: new Map(),
    events: [],
    notifications: [],
    lastIds,
  };
}

export function nextId(state: GroundworkState, kind: IdKind): number {
  return ++state.lastIds[kind];
}

export const hostKey = (name: string): string => name.toLowerCase();

/**
 * A host's key, lower-cased once per name rather than on every comparison: a long name would be
 * lower-cased by every binary search step that met it, at a cost that grows with the name and the
 * estate (test/groundwork/bounds.test.ts counts the calls of a bulk delete). Held beside the record, not in it, so dumps stay as they are; renameHost (the only
 * writer of hostName) replaces it.
 */
const keys = new WeakMap<HostRecord, string>();

export function keyOf(host: HostRecord): string {
  let key = keys.get(host);
  if (key === undefined) keys.set(host, (key = hostKey(host.hostName)));
  return key;
}

/**
 * A state whose hosts a lazy load (load.ts) is still parsing: a host is found by name without
 * waiting for the rest (everything else that reads the hosts waits for them all).
 */
export interface PendingHosts {
  find(key: string): HostRecord | undefined;
}

const pending = new WeakMap<GroundworkState, PendingHosts>();
/** States registered in `pending` and not yet done: while none is, findHost does not look. */
let pendingStates = 0;

export function setPending(state: GroundworkState, hosts: PendingHosts | undefined): void {
  if (hosts) {
    pending.set(state, hosts);
    pendingStates++;
  } else if (pending.delete(state)) {
    pendingStates--;
  }
}

/** Whether a lazy load is still building the state's hosts (tests, and /__admin/health could say). */
export function hostsPending(state: GroundworkState): boolean {
  return pending.has(state);
}

export function findHost(state: GroundworkState, name: string): HostRecord | undefined {
  if (pendingStates > 0) {
    const hosts = pending.get(state);
    if (hosts) return hosts.find(hostKey(name));
  }
  return state.hosts.get(hostKey(name));
}

/* eslint-disable @typescript-eslint/no-non-null-assertion -- merge, binary search and compaction below: indexes
   kept in bounds by each loop's condition, where a guard would be a dead branch on every write. */
/** Every host, ordered by lower-cased name (unique ignoring case, so the order is total). */
export function sortedHosts(state: GroundworkState): HostRecord[] {
  if (state.unsorted.length === 0) return state.sorted;
  const fresh = state.unsorted.map((host) => ({ host, key: keyOf(host) })).sort((a, b) => (a.key < b.key ? -1 : 1));
  const old = state.sorted;
  const merged = new Array<HostRecord>(old.length + fresh.length);
  let i = 0;
  let j = 0;
  let k = 0;
  let oldKey = i < old.length ? keyOf(old[i]!) : '';
  while (i < old.length && j < fresh.length) {
    if (oldKey < fresh[j]!.key) {
      merged[k++] = old[i++]!;
      if (i < old.length) oldKey = keyOf(old[i]!);
    } else {
      merged[k++] = fresh[j++]!.host;
    }
  }
  while (i < old.length) merged[k++] = old[i++]!;
  while (j < fresh.length) merged[k++] = fresh[j++]!.host;
  state.sorted = merged;
  state.unsorted = [];
  return merged;
}

/** Index of the first host whose key is >= `key` in sortedHosts(state). */
export function lowerBound(state: GroundworkState, key: string): number {
  const sorted = sortedHosts(state);
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keyOf(sorted[mid]!) < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
/* eslint-enable @typescript-eslint/no-non-null-assertion */

export function insertHost(state: GroundworkState, host: HostRecord): void {
  const key = keyOf(host);
  state.hosts.set(key, host);
  // In name order (a load, a fixture set) it goes straight on the end; otherwise it waits to be merged.
  const last = state.sorted[state.sorted.length - 1];
  if (state.unsorted.length === 0 && (last === undefined || keyOf(last) < key)) state.sorted.push(host);
  else state.unsorted.push(host);
  for (const group of host.hostGroups) members(state, group).add(key);
  countDeviceUser(state, host.deviceIdentification, 1);
}

function countDeviceUser(state: GroundworkState, identification: string, delta: number): number {
  const users = (state.deviceUsers.get(identification) ?? 0) + delta;
  if (users > 0) state.deviceUsers.set(identification, users);
  else state.deviceUsers.delete(identification);
  return users;
}

/** Moves a host to a device (found or created; a display name, when given, is set). The one it leaves stays, as in GroundWork. */
export function moveToDevice(
  state: GroundworkState,
  host: HostRecord,
  identification: string,
  displayName?: string,
): void {
  ensureDevice(state, identification, displayName);
  if (host.deviceIdentification === identification) return;
  countDeviceUser(state, host.deviceIdentification, -1);
  countDeviceUser(state, identification, 1);
  host.deviceIdentification = identification;
}

/**
 * Deletes hosts, and each device no remaining host uses, as GroundWork's HostServiceImpl does
 * (deleteHostAndOrphanedDevice): a device does not outlive its last host.
 */
export function removeHosts(state: GroundworkState, hosts: readonly HostRecord[]): void {
  unlinkHosts(state, hosts);
  for (const host of hosts)
    if (!state.deviceUsers.has(host.deviceIdentification)) state.devices.delete(host.deviceIdentification);
}

/** Splicing is a move of the array's tail: a batch larger than this is filtered out in one pass. */
const SPLICES_PER_BATCH = 16;

/** Takes hosts out of the indexes (by name, in name order, by group); a large batch costs one pass. */
function unlinkHosts(state: GroundworkState, hosts: readonly HostRecord[]): void {
  for (const host of hosts) {
    const key = keyOf(host);
    state.hosts.delete(key);
    for (const group of host.hostGroups) state.hostGroupMembers.get(group)?.delete(key);
    countDeviceUser(state, host.deviceIdentification, -1);
  }
  const sorted = sortedHosts(state);
  const positions: number[] = [];
  for (const host of hosts) {
    const at = lowerBound(state, keyOf(host));
    if (sorted[at] === host) positions.push(at);
  }
  if (positions.length <= SPLICES_PER_BATCH) {
    for (const at of positions.sort((a, b) => b - a)) sorted.splice(at, 1);
    return;
  }
  // Closed up in one pass over the array, the removed positions skipped.
  positions.sort((a, b) => a - b);
  /* eslint-disable @typescript-eslint/no-non-null-assertion -- in bounds by the loop conditions, as above */
  let write = positions[0]!;
  for (let p = 0; p < positions.length; p++) {
    const next = p + 1 < positions.length ? positions[p + 1]! : sorted.length;
    for (let read = positions[p]! + 1; read < next; read++) sorted[write++] = sorted[read]!;
  }
  /* eslint-enable @typescript-eslint/no-non-null-assertion */
  sorted.length = write;
}

export function renameHost(state: GroundworkState, host: HostRecord, newName: string): void {
  unlinkHosts(state, [host]);
  host.hostName = newName;
  keys.set(host, hostKey(newName));
  insertHost(state, host);
}

function members(state: GroundworkState, group: string): Set<string> {
  let set = state.hostGroupMembers.get(group);
  if (!set) state.hostGroupMembers.set(group, (set = new Set()));
  return set;
}

/** Finds or registers an application type (a connector's `VEMA`, `CHECKER`, ...; GroundWork 8 ships one per connector). */
export function ensureApplicationType(state: GroundworkState, name: string): ApplicationTypeRecord {
  let app = state.applicationTypes.get(name);
  if (!app)
    state.applicationTypes.set(
      name,
      (app = { id: nextId(state, 'applicationType'), name, description: `Application type ${name}`, properties: {} }),
    );
  return app;
}

/** Makes the host leave the group (the group stays). */
export function leaveHostGroup(state: GroundworkState, host: HostRecord, name: string): void {
  const at = host.hostGroups.indexOf(name);
  if (at < 0) return;
  host.hostGroups.splice(at, 1);
  state.hostGroupMembers.get(name)?.delete(keyOf(host));
}

/** Deletes a host group; its hosts stay, no longer members. */
export function removeHostGroup(state: GroundworkState, name: string): void {
  for (const key of state.hostGroupMembers.get(name) ?? []) {
    const host = state.hosts.get(key);
    if (host) host.hostGroups = host.hostGroups.filter((g) => g !== name);
  }
  state.hostGroupMembers.delete(name);
  state.hostGroups.delete(name);
}

/** Finds or creates the host group and makes the host a member. */
export function joinHostGroup(state: GroundworkState, host: HostRecord, name: string, appType: string): void {
  if (!state.hostGroups.has(name)) state.hostGroups.set(name, { id: nextId(state, 'hostGroup'), name, appType });
  // A host's groups and the member index change together (here, insertHost, removeHost), so a host
  // that already lists the group is indexed: a feeder's update need not lower-case its name again.
  if (host.hostGroups.includes(name)) return;
  host.hostGroups.push(name);
  members(state, name).add(keyOf(host));
}

/** Finds or creates a named entity (host category, service group, service category). */
export function ensureNamed(
  state: GroundworkState,
  kind: 'hostCategory' | 'serviceGroup' | 'serviceCategory',
  name: string,
): NamedRecord {
  const map =
    kind === 'hostCategory'
      ? state.hostCategories
      : kind === 'serviceGroup'
        ? state.serviceGroups
        : state.serviceCategories;
  let record = map.get(name);
  if (!record) map.set(name, (record = { id: nextId(state, kind), name }));
  return record;
}

/** Finds or creates a device; a display name, when given, is (re)set. */
export function ensureDevice(state: GroundworkState, identification: string, displayName?: string): Device {
  let device = state.devices.get(identification);
  if (!device) {
    device = { id: nextId(state, 'device'), identification, displayName: displayName ?? identification };
    state.devices.set(identification, device);
  } else if (displayName !== undefined) {
    device.displayName = displayName;
  }
  return device;
}

/**
 * The empty name list records start with, one shared frozen array: a million services would
 * otherwise hold two million empty arrays (61 MiB). Name lists are replaced, never changed in place.
 */
export const NO_NAMES: readonly string[] = Object.freeze([]);

/** The list with the name added (a new array), or the same list when it holds the name already. */
export function addName(list: readonly string[], name: string): readonly string[] {
  return list.includes(name) ? list : [...list, name];
}

export function pushCapped<T>(list: T[], item: T): void {
  list.push(item);
  // Dropped in chunks, so a busy feeder does not pay for a shift on every change.
  if (list.length > MAX_HISTORY + MAX_HISTORY / 10) list.splice(0, list.length - MAX_HISTORY);
}
