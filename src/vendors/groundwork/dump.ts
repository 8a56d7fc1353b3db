import { sortedHosts } from './state.js';
import type {
  ApplicationTypeRecord,
  Device,
  GroundworkState,
  HostGroupRecord,
  HostRecord,
  IdKind,
  NamedRecord,
  NotificationRecord,
  ServiceRecord,
  Session,
  StatusEvent,
} from './state.js';

/** `GET /__admin/state` for GroundWork: plain JSON, hosts in name order with their services inline. */
export interface GroundworkDump {
  version: 1;
  lastIds: Record<IdKind, number>;
  applicationTypes: ApplicationTypeRecord[];
  devices: Device[];
  hostGroups: HostGroupRecord[];
  hostCategories: NamedRecord[];
  serviceGroups: NamedRecord[];
  serviceCategories: NamedRecord[];
  hosts: Array<Omit<HostRecord, 'services'> & { services: ServiceRecord[] }>;
  sessions: Session[];
  events: StatusEvent[];
  notifications: NotificationRecord[];
}

/** One host as the dump spells it: the record with its services inline. */
type DumpedHost = GroundworkDump['hosts'][number];

/**
 * A deep copy, so a dump taken before a request does not change with it. Copied by hand: every
 * record is flat but for its name lists and properties, and structuredClone is several times
 * slower on a million services.
 */
export function dump(state: GroundworkState): GroundworkDump {
  const copy = <T extends object>(record: T): T => ({ ...record });
  return {
    version: 1,
    lastIds: { ...state.lastIds },
    applicationTypes: [...state.applicationTypes.values()].map((a) => ({ ...a, properties: { ...a.properties } })),
    devices: [...state.devices.values()].map(copy),
    hostGroups: [...state.hostGroups.values()].map(copy),
    hostCategories: [...state.hostCategories.values()].map(copy),
    serviceGroups: [...state.serviceGroups.values()].map(copy),
    serviceCategories: [...state.serviceCategories.values()].map(copy),
    hosts: sortedHosts(state).map((h) => ({
      ...h,
      properties: { ...h.properties },
      hostGroups: [...h.hostGroups],
      hostCategories: [...h.hostCategories],
      services: [...h.services.values()].map((s) => ({
        ...s,
        properties: { ...s.properties },
        serviceGroups: [...s.serviceGroups],
        serviceCategories: [...s.serviceCategories],
      })),
    })),
    sessions: [...state.sessions.values()].map(copy),
    events: state.events.map(copy),
    notifications: state.notifications.map(copy),
  };
}

/**
 * `JSON.stringify(dump(state))`, the same text, in pieces of about `chunkChars`: read straight off
 * the live records, so writing 100,000 hosts (300 MB of JSON) never holds a copy of the state or
 * the whole text at once. The caller must consume it without yielding to other work: the pieces
 * are a snapshot only because nothing changes the state in between.
 */
export function* serialize(state: GroundworkState, chunkChars = 1 << 20): Generator<string> {
  const lists: Array<[keyof GroundworkDump, Iterable<object>]> = [
    ['applicationTypes', state.applicationTypes.values()],
    ['devices', state.devices.values()],
    ['hostGroups', state.hostGroups.values()],
    ['hostCategories', state.hostCategories.values()],
    ['serviceGroups', state.serviceGroups.values()],
    ['serviceCategories', state.serviceCategories.values()],
    ['hosts', mapped(sortedHosts(state), (h): DumpedHost => ({ ...h, services: [...h.services.values()] }))],
    ['sessions', state.sessions.values()],
    ['events', state.events],
    ['notifications', state.notifications],
  ];
  let text = `{"version":1,"lastIds":${JSON.stringify(state.lastIds)}`;
  for (const [key, items] of lists) {
    text += `,${JSON.stringify(key)}:[`;
    let first = true;
    for (const item of items) {
      text += first ? JSON.stringify(item) : `,${JSON.stringify(item)}`;
      first = false;
      if (text.length >= chunkChars) {
        yield text;
        text = '';
      }
    }
    text += ']';
  }
  yield `${text}}`;
}

function* mapped<T, U>(items: Iterable<T>, f: (item: T) => U): Generator<U> {
  for (const item of items) yield f(item);
}
