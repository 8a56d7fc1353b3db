import type { components, operations } from '../../generated/groundwork.js';
import { HttpError } from '../../mock/errors.js';
import type { Handlers } from '../../mock/types.js';
import { compiled } from './compiled-queries.js';
import { scanGivingWay } from './give-way.js';
import { EVENT_FIELDS } from './query/index.js';
import { resultsOf, type Result } from './results.js';
import {
  EVENT_FIELDS_AS_POSTED,
  hostKey,
  nextId,
  pushCapped,
  type GroundworkState,
  type StatusEvent,
} from './state.js';
import { Instant } from './time.js';
import { gwTime, prefixed } from './transit.js';

/**
 * The event console (GroundWork 7's EventResource; the connector SDK's SendEvents, SendEventsAck,
 * SendEventsUnack): posted events and the status changes the feeders recorded live in one list,
 * acknowledged by (host, service) and read back with GET /api/events.
 */

type Event = components['schemas']['Event'];
type EventOperations = 'getEvents' | 'createEvents' | 'ackEvents' | 'unackEvents';

const OPEN = 'OPEN';
const ACKNOWLEDGED = 'ACKNOWLEDGED';

/** An event as GroundWork's DTO names its fields; a status change carries its previous status as a property. */
export function projectEvent(e: StatusEvent): Event {
  const out: Event = {
    id: e.id,
    host: e.hostName,
    monitorStatus: e.status,
    operationStatus: e.operationStatus ?? OPEN,
    appType: e.appType,
    reportDate: e.reportDate ?? e.time,
  };
  if (e.serviceDescription !== undefined) out.service = e.serviceDescription;
  if (e.device !== undefined) out.device = e.device;
  if (e.severity !== undefined) out.severity = e.severity;
  if (e.applicationSeverity !== undefined) out.applicationSeverity = e.applicationSeverity;
  if (e.component !== undefined) out.component = e.component;
  if (e.subComponent !== undefined) out.subComponent = e.subComponent;
  if (e.priority !== undefined) out.priority = e.priority;
  if (e.typeRule !== undefined) out.typeRule = e.typeRule;
  if (e.message !== undefined) out.textMessage = e.message;
  out.firstInsertDate = e.time;
  out.lastInsertDate = e.lastInsertDate ?? e.time;
  out.msgCount = 1;
  if (e.monitorServer !== undefined) out.monitorServer = e.monitorServer;
  if (e.consolidationName !== undefined) out.consolidationName = e.consolidationName;
  if (e.logType !== undefined) out.logType = e.logType;
  if (e.errorType !== undefined) out.errorType = e.errorType;
  if (e.loggerName !== undefined) out.loggerName = e.loggerName;
  if (e.applicationName !== undefined) out.applicationName = e.applicationName;
  const properties: NonNullable<Event['properties']> = {};
  if (e.previousStatus !== undefined) properties.PreviousStatus = e.previousStatus;
  if (e.acknowledgedBy !== undefined) properties.AcknowledgedBy = e.acknowledgedBy;
  if (e.acknowledgeComment !== undefined) properties.AcknowledgeComment = e.acknowledgeComment;
  if (Object.keys(properties).length > 0) out.properties = properties;
  return out;
}

/** The console's key of an event or of an acknowledgement: host (any case) and service, if any. */
const consoleKey = (host: string, service: string | undefined): string => `${hostKey(host)}\u0000${service ?? ''}`;
const entityOf = (host: string, service: string | undefined): string => (service ? `${host}:${service}` : host);

/** The events of each key in one pass, so a batch of acknowledgements does not scan the console once per entry. */
function byKey(state: GroundworkState): Map<string, StatusEvent[]> {
  const index = new Map<string, StatusEvent[]>();
  for (const event of state.events) {
    const key = consoleKey(event.hostName, event.serviceDescription);
    const list = index.get(key);
    if (list) list.push(event);
    else index.set(key, [event]);
  }
  return index;
}

/** Sets the events of each entry's key from one operation status to the other; one result per entry. */
function transition(
  state: GroundworkState,
  entries: ReadonlyArray<{ host: string; service?: string; acknowledgedBy?: string; acknowledgeComment?: string }>,
  prefix: string | undefined,
  to: typeof OPEN | typeof ACKNOWLEDGED,
): Result[] {
  const index = byKey(state);
  const from = to === ACKNOWLEDGED ? OPEN : ACKNOWLEDGED;
  const verb = to === ACKNOWLEDGED ? 'acknowledged' : 'unacknowledged';
  return entries.map((entry): Result => {
    const host = prefixed(prefix, entry.host);
    const service = entry.service || undefined;
    const entity = entityOf(host, service);
    let changed = 0;
    for (const event of index.get(consoleKey(host, service)) ?? []) {
      if ((event.operationStatus ?? OPEN) !== from) continue;
      event.operationStatus = to;
      if (to === ACKNOWLEDGED) {
        if (entry.acknowledgedBy) event.acknowledgedBy = entry.acknowledgedBy;
        if (entry.acknowledgeComment) event.acknowledgeComment = entry.acknowledgeComment;
      } else {
        delete event.acknowledgedBy;
        delete event.acknowledgeComment;
      }
      changed++;
    }
    if (changed === 0) {
      const what = to === ACKNOWLEDGED ? 'open event to acknowledge' : 'acknowledged event to unacknowledge';
      return { entity, status: 'warning', message: `found no ${what} for ${entity}` };
    }
    return { entity, status: 'success', message: `${verb} ${entity}` };
  });
}

export const eventHandlers: Pick<Handlers<operations, GroundworkState>, EventOperations> = {
  getEvents: async (req, { state }) => {
    const { query, first = 0, count } = req.query;
    const end = count === undefined ? Infinity : first + count;
    let rows: Event[];
    if (query === undefined) {
      rows = state.events.slice(first, end).map(projectEvent);
    } else {
      const selecting = compiled(query, EVENT_FIELDS);
      const matched: Event[] = [];
      await scanGivingWay(state.events, (event) => {
        const view = projectEvent(event);
        if (selecting.predicate(view)) matched.push(view);
      });
      rows = (selecting.orderBy.length > 0 ? selecting.sortTop(matched, end) : matched).slice(first, end);
    }
    if (rows.length === 0)
      throw new HttpError(
        404,
        query === undefined
          ? `Events not found from record ${first} on`
          : `Events not found for query criteria [${query}]`,
      );
    return { status: 200, body: { events: rows } };
  },

  createEvents: (req, { state, now, changed }) => {
    const at = new Instant(now());
    const prefix = req.header.hostnameprefix;
    const results: Result[] = req.body.events.map((input): Result => {
      const service = input.service || undefined;
      const event: StatusEvent = {
        id: nextId(state, 'event'),
        time: at.timestamp,
        entityType: service === undefined ? 'HOST' : 'SERVICE',
        hostName: prefixed(prefix, input.host),
        appType: input.appType || 'NAGIOS',
        status: input.monitorStatus,
      };
      if (service !== undefined) event.serviceDescription = service;
      if (input.textMessage !== undefined) event.message = input.textMessage;
      if (input.operationStatus) event.operationStatus = input.operationStatus;
      for (const key of EVENT_FIELDS_AS_POSTED) {
        const value = input[key];
        if (value) event[key] = value;
      }
      if (input.reportDate !== undefined && input.reportDate !== null) event.reportDate = gwTime(input.reportDate);
      if (input.lastInsertDate !== undefined) event.lastInsertDate = gwTime(input.lastInsertDate);
      pushCapped(state.events, event);
      return { entity: String(event.id), status: 'success' };
    });
    changed();
    return { status: 200, body: resultsOf('Event', 'Insert', results, true) };
  },

  ackEvents: (req, { state, changed }) => {
    const results = transition(state, req.body.acks, req.header.hostnameprefix, ACKNOWLEDGED);
    changed();
    return { status: 200, body: resultsOf('Ack', 'Update', results, true) };
  },

  unackEvents: (req, { state, changed }) => {
    const results = transition(state, req.body.unacks, req.header.hostnameprefix, OPEN);
    changed();
    return { status: 200, body: resultsOf('UnAck', 'Update', results, true) };
  },
};
