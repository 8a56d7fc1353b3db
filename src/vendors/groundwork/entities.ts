import {
  ensureDevice,
  insertHost,
  NO_NAMES,
  nextId,
  pushCapped,
  type GroundworkState,
  type HostRecord,
  type NotificationRecord,
  type ServiceRecord,
  type StatusEvent,
} from './state.js';
import { ServiceList } from './service-list.js';
import type { Instant } from './time.js';

/** Creation and status changes, shared by the Biz feeder and the Host APIs. */

export interface NewHost {
  hostName: string;
  appType: string;
  deviceIdentification: string;
  deviceDisplayName?: string;
  description?: string;
  agentId?: string;
  monitorServer?: string;
}

/** A new host, PENDING, with its device found or created. */
export function createHost(state: GroundworkState, fields: NewHost): HostRecord {
  ensureDevice(state, fields.deviceIdentification, fields.deviceDisplayName);
  const host: HostRecord = {
    id: nextId(state, 'host'),
    hostName: fields.hostName,
    monitorStatus: 'PENDING',
    appType: fields.appType,
    deviceIdentification: fields.deviceIdentification,
    acknowledged: false,
    properties: {},
    hostGroups: [],
    hostCategories: NO_NAMES,
    services: new ServiceList(),
  };
  if (fields.description !== undefined) host.description = fields.description;
  if (fields.agentId !== undefined) host.agentId = fields.agentId;
  if (fields.monitorServer !== undefined) host.monitorServer = fields.monitorServer;
  insertHost(state, host);
  return host;
}

export function createService(
  state: GroundworkState,
  host: HostRecord,
  description: string,
  appType: string,
): ServiceRecord {
  const service: ServiceRecord = {
    id: nextId(state, 'service'),
    description,
    appType,
    monitorStatus: 'PENDING',
    lastHardState: 'PENDING',
    stateType: 'HARD',
    checkType: 'ACTIVE',
    monitorServer: host.monitorServer ?? 'localhost',
    properties: {},
    serviceGroups: NO_NAMES,
    serviceCategories: NO_NAMES,
  };
  host.services.set(service);
  return service;
}

export interface StatusChange {
  /** The request's, so a batch spells its time once. */
  now: Instant;
  /** The Biz APIs create an event and a notification for every change; the Host APIs do not. */
  record: boolean;
  message?: string;
}

/** Sets a host's status; lastStateChange (and its LastStateChange property) moves only on a change. */
export function setHostStatus(state: GroundworkState, host: HostRecord, status: string, change: StatusChange): void {
  const previous = host.monitorStatus;
  if (previous === status) return;
  host.monitorStatus = status;
  host.lastStateChange = change.now.wholeSeconds;
  host.properties.LastStateChange = host.lastStateChange;
  if (change.record) recordChange(state, host, undefined, previous, status, change);
}

export function setServiceStatus(
  state: GroundworkState,
  host: HostRecord,
  service: ServiceRecord,
  status: string,
  change: StatusChange,
): void {
  const previous = service.monitorStatus;
  service.lastHardState = status;
  if (previous === status) return;
  service.monitorStatus = status;
  service.lastStateChange = change.now.wholeSeconds;
  if (change.record) recordChange(state, host, service, previous, status, change);
}

/**
 * The event and the notification of a change, fields in the order dumps print them; a host's have
 * no serviceDescription, and only a change with a message has a message. Written as literals, not
 * spread from a shared subject: a spread and extended literal gets a map of its own every time.
 */
function recordChange(
  state: GroundworkState,
  host: HostRecord,
  service: ServiceRecord | undefined,
  previousStatus: string,
  status: string,
  change: StatusChange,
): void {
  const time = change.now.timestamp;
  const { hostName } = host;
  const event: StatusEvent =
    service === undefined
      ? {
          id: nextId(state, 'event'),
          time,
          entityType: 'HOST',
          hostName,
          appType: host.appType,
          previousStatus,
          status,
        }
      : {
          id: nextId(state, 'event'),
          time,
          entityType: 'SERVICE',
          hostName,
          serviceDescription: service.description,
          appType: service.appType,
          previousStatus,
          status,
        };
  if (change.message !== undefined) event.message = change.message;
  pushCapped(state.events, event);
  const notificationType = status === 'UP' || status === 'OK' ? 'RECOVERY' : 'PROBLEM';
  const notification: NotificationRecord =
    service === undefined
      ? { id: nextId(state, 'notification'), time, entityType: 'HOST', hostName, notificationType, status }
      : {
          id: nextId(state, 'notification'),
          time,
          entityType: 'SERVICE',
          hostName,
          serviceDescription: service.description,
          notificationType,
          status,
        };
  if (change.message !== undefined) notification.message = change.message;
  pushCapped(state.notifications, notification);
}
