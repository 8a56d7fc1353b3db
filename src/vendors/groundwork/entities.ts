import {
  ensureDevice,
  insertHost,
  nextId,
  pushCapped,
  type GroundworkState,
  type HostRecord,
  type ServiceRecord,
} from './state.js';
import { formatTimestamp } from './time.js';

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
    hostCategories: [],
    services: new Map(),
  };
  if (fields.description !== undefined) host.description = fields.description;
  if (fields.agentId !== undefined) host.agentId = fields.agentId;
  if (fields.monitorServer !== undefined) host.monitorServer = fields.monitorServer;
  insertHost(state, host);
  return host;
}

export function createService(state: GroundworkState, host: HostRecord, description: string, appType: string): ServiceRecord {
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
    serviceGroups: [],
    serviceCategories: [],
  };
  host.services.set(description, service);
  return service;
}

export interface StatusChange {
  now: Date;
  /** The Biz APIs create an event and a notification for every change; the Host APIs do not. */
  record: boolean;
  message?: string;
}

/** Sets a host's status; lastStateChange (and its LastStateChange property) moves only on a change. */
export function setHostStatus(state: GroundworkState, host: HostRecord, status: string, change: StatusChange): void {
  const previous = host.monitorStatus;
  if (previous === status) return;
  host.monitorStatus = status;
  host.lastStateChange = formatTimestamp(change.now, true);
  host.properties.LastStateChange = host.lastStateChange;
  if (change.record) recordChange(state, { entityType: 'HOST', hostName: host.hostName, appType: host.appType }, previous, status, change);
}

export function setServiceStatus(state: GroundworkState, host: HostRecord, service: ServiceRecord, status: string, change: StatusChange): void {
  const previous = service.monitorStatus;
  service.lastHardState = status;
  if (previous === status) return;
  service.monitorStatus = status;
  service.lastStateChange = formatTimestamp(change.now, true);
  if (change.record) {
    const who = { entityType: 'SERVICE' as const, hostName: host.hostName, serviceDescription: service.description, appType: service.appType };
    recordChange(state, who, previous, status, change);
  }
}

function recordChange(
  state: GroundworkState,
  who: { entityType: 'HOST' | 'SERVICE'; hostName: string; serviceDescription?: string; appType: string },
  previousStatus: string,
  status: string,
  change: StatusChange,
): void {
  const time = formatTimestamp(change.now);
  const message = change.message === undefined ? {} : { message: change.message };
  pushCapped(state.events, { id: nextId(state, 'event'), time, ...who, previousStatus, status, ...message });
  const { appType: _appType, ...subject } = who;
  const notificationType = status === 'UP' || status === 'OK' ? 'RECOVERY' : 'PROBLEM';
  pushCapped(state.notifications, { id: nextId(state, 'notification'), time, ...subject, notificationType, status, ...message });
}
