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
