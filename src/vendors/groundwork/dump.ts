import { sortedHosts } from './state.js';
import type {
  ApplicationTypeRecord,
  Device,
  GroundworkState,
  HostGroupRecord,
  HostRecord,
  IdKind,
  MetricRecord,
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

type ListKey = Exclude<keyof GroundworkDump, 'version' | 'lastIds'>;

/**
 * The dump's lists, in its key order, read off the live state, each with how to copy one of its
 * items: stated once, for both the copy (dump) and the text written in pieces (serialize). Items
 * are already in the dump's shape (hosts with their services inline) but still share their lists
 * and properties with the state until copied.
 */
function lists(state: GroundworkState): Array<[ListKey, Iterable<object>, (item: never) => object]> {
  const copy = <T extends object>(record: T): T => ({ ...record });
  return [
    [
      'applicationTypes',
      state.applicationTypes.values(),
      (a: ApplicationTypeRecord) => ({ ...a, properties: { ...a.properties } }),
    ],
    ['devices', state.devices.values(), copy],
    ['hostGroups', state.hostGroups.values(), copy],
    ['hostCategories', state.hostCategories.values(), copy],
    ['serviceGroups', state.serviceGroups.values(), copy],
    ['serviceCategories', state.serviceCategories.values(), copy],
    ['hosts', mapped(sortedHosts(state), (h): DumpedHost => ({ ...h, services: [...h.services.values()] })), copyHost],
    ['sessions', state.sessions.values(), copy],
    ['events', state.events, copy],
    ['notifications', state.notifications, copy],
  ];
}

function copyHost(h: DumpedHost): DumpedHost {
  return {
    ...h,
    properties: { ...h.properties },
    hostGroups: [...h.hostGroups],
    hostCategories: [...h.hostCategories],
    services: h.services.map((s) => ({
      ...s,
      properties: { ...s.properties },
      serviceGroups: [...s.serviceGroups],
      serviceCategories: [...s.serviceCategories],
      metrics: s.metrics?.map(copyMetric),
    })),
  };
}

function copyMetric(m: MetricRecord): MetricRecord {
  return { ...m, tags: m.tags && { ...m.tags }, samples: m.samples.map((x) => ({ ...x })) };
}

/**
 * A deep copy, so a dump taken before a request does not change with it. Copied by hand: every
 * record is flat but for its name lists and properties, and structuredClone is several times
 * slower on a million services.
 */
export function dump(state: GroundworkState): GroundworkDump {
  const out: Record<string, unknown> = { version: 1, lastIds: { ...state.lastIds } };
  for (const [key, items, copy] of lists(state)) out[key] = Array.from(items, copy as (item: object) => object);
  return out as unknown as GroundworkDump;
}

/**
 * `JSON.stringify(dump(state))`, the same text, in pieces of about `chunkChars`: read straight off
 * the live records, so writing 100,000 hosts (300 MB of JSON) never holds a copy of the state or
 * the whole text at once. The caller must consume it without yielding to other work: the pieces
 * are a snapshot only because nothing changes the state in between.
 */
export function* serialize(state: GroundworkState, chunkChars = 1 << 20): Generator<string> {
  let text = `{"version":1,"lastIds":${JSON.stringify(state.lastIds)}`;
  for (const [key, items] of lists(state)) {
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
