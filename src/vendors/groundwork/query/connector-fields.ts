import { catalogue } from './fields.js';
import type { PropertyValue } from './host.js';

/** What a host group query reads: the group's attributes and its member hosts' names. */
export interface QueryHostGroup {
  id: number;
  name: string;
  description?: string | null;
  agentId?: string | null;
  appType?: string | null;
  /** Names of the member hosts: `hosts.hostName` matches when any of them does. */
  hostNames: readonly string[];
}

/** What an event query reads, by GroundWork's event field names. */
export interface QueryEvent {
  id: number;
  device?: string | null;
  host: string;
  service?: string | null;
  operationStatus: string;
  monitorStatus: string;
  severity?: string | null;
  applicationSeverity?: string | null;
  appType: string;
  component?: string | null;
  priority?: string | null;
  typeRule?: string | null;
  textMessage?: string | null;
  firstInsertDate?: string | null;
  lastInsertDate?: string | null;
  reportDate: string;
  properties?: Readonly<Record<string, PropertyValue | null | undefined>> | null;
}

/**
 * Host group fields (GWT `collagerest-server/.../resources/HostGroupResource.java` with the
 * translator's host group names: id, name, description, alias, agentId, appType/applicationType),
 * and the dotted path the connector SDK asks for, `hosts.hostName`, which GroundWork passes through
 * to its model as a join on the group's hosts (GWT `collage/impl/common/.../query/QueryTranslator.java`).
 */
export const HOST_GROUP_FIELDS = catalogue<QueryHostGroup>([
  { name: 'id', aliases: ['hostGroupId'], kind: 'number', read: (g) => g.id },
  { name: 'name', aliases: ['hostGroupName'], kind: 'string', read: (g) => g.name },
  { name: 'description', kind: 'string', read: (g) => g.description ?? null },
  { name: 'agentId', kind: 'string', read: (g) => g.agentId ?? null },
  {
    name: 'appType',
    aliases: ['applicationType', 'applicationType.name'],
    kind: 'string',
    read: (g) => g.appType ?? null,
  },
  { name: 'hosts.hostName', aliases: ['hosts.name'], kind: 'groups', read: (g) => g.hostNames },
]);

/**
 * Event fields, as GroundWork's event translator names them (GWT
 * `collage/impl/common/src/java/com/groundwork/collage/query/EventQueryTranslatorInfo.java`).
 */
export const EVENT_FIELDS = catalogue<QueryEvent>([
  { name: 'id', aliases: ['logMessageId'], kind: 'number', read: (e) => e.id },
  { name: 'device', aliases: ['deviceName', 'deviceIdentification'], kind: 'string', read: (e) => e.device ?? null },
  { name: 'host', aliases: ['hostName'], kind: 'string', read: (e) => e.host },
  { name: 'service', aliases: ['serviceDescription', 'serviceStatus'], kind: 'string', read: (e) => e.service ?? null },
  { name: 'operationStatus', aliases: ['operation'], kind: 'string', read: (e) => e.operationStatus },
  { name: 'monitorStatus', aliases: ['monitor'], kind: 'string', read: (e) => e.monitorStatus },
  { name: 'severity', kind: 'string', read: (e) => e.severity ?? null },
  { name: 'applicationSeverity', aliases: ['appSeverity'], kind: 'string', read: (e) => e.applicationSeverity ?? null },
  { name: 'appType', aliases: ['applicationType'], kind: 'string', read: (e) => e.appType },
  { name: 'component', kind: 'string', read: (e) => e.component ?? null },
  { name: 'priority', kind: 'string', read: (e) => e.priority ?? null },
  { name: 'typeRule', kind: 'string', read: (e) => e.typeRule ?? null },
  { name: 'textMessage', aliases: ['message'], kind: 'string', read: (e) => e.textMessage ?? null },
  { name: 'firstInsertDate', kind: 'date', read: (e) => e.firstInsertDate ?? null },
  { name: 'lastInsertDate', kind: 'date', read: (e) => e.lastInsertDate ?? null },
  { name: 'reportDate', kind: 'date', read: (e) => e.reportDate },
]);
