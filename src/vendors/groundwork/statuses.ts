import type { components } from '../../generated/groundwork.js';

type MonitorStatus = components['schemas']['MonitorStatus'];
type CheckType = components['schemas']['CheckType'];
type StateType = components['schemas']['StateType'];

/**
 * GroundWork's monitor status table. UP = 1 is the one id the documents show (§30.1.6); the others
 * are this mock's numbering, stable so clients may rely on them within a run.
 */
const MONITOR_STATUS_IDS: Record<string, number> = {
  UP: 1,
  OK: 2,
  UNKNOWN: 3,
  'SCHEDULED CRITICAL': 4,
  PENDING: 5,
  'SCHEDULED DOWN': 6,
  UNREACHABLE: 7,
  'UNSCHEDULED DOWN': 8,
  WARNING: 9,
  'UNSCHEDULED CRITICAL': 10,
  DOWN: 11,
  CRITICAL: 12,
  SUSPENDED: 13,
  'ACKNOWLEDGEMENT (DOWN)': 14,
  'ACKNOWLEDGEMENT (WARNING)': 15,
  'ACKNOWLEDGEMENT (CRITICAL)': 16,
};

export const HOST_STATUSES = new Set([
  'UP',
  'DOWN',
  'UNREACHABLE',
  'PENDING',
  'SCHEDULED DOWN',
  'UNSCHEDULED DOWN',
  'SUSPENDED',
  'ACKNOWLEDGEMENT (DOWN)',
]);

export const SERVICE_STATUSES = new Set([
  'OK',
  'WARNING',
  'CRITICAL',
  'UNKNOWN',
  'PENDING',
  'SCHEDULED CRITICAL',
  'UNSCHEDULED CRITICAL',
  'ACKNOWLEDGEMENT (WARNING)',
  'ACKNOWLEDGEMENT (CRITICAL)',
]);

export function monitorStatus(name: string): MonitorStatus {
  return { monitorStatusId: MONITOR_STATUS_IDS[name] ?? 0, name, description: name };
}

// Ids and descriptions as §30.1.6 prints them (ACTIVE 1 "Active Check", HARD 2 "State Hard").
const CHECK_TYPES: Record<string, CheckType> = {
  ACTIVE: { checkTypeId: 1, name: 'ACTIVE', description: 'Active Check' },
  PASSIVE: { checkTypeId: 2, name: 'PASSIVE', description: 'Passive Check' },
};
const STATE_TYPES: Record<string, StateType> = {
  SOFT: { stateTypeId: 1, name: 'SOFT', description: 'State Soft' },
  HARD: { stateTypeId: 2, name: 'HARD', description: 'State Hard' },
  UNKNOWN: { stateTypeId: 3, name: 'UNKNOWN', description: 'State Unknown' },
};

export function checkType(name: string): CheckType {
  return CHECK_TYPES[name] ?? { name, description: name };
}

export function stateType(name: string): StateType {
  return STATE_TYPES[name] ?? { name, description: name };
}

/** Service states that say something is wrong on a host that is itself UP. */
const TROUBLED_SERVICE = new Set([
  'WARNING',
  'UNKNOWN',
  'CRITICAL',
  'SCHEDULED CRITICAL',
  'UNSCHEDULED CRITICAL',
  'ACKNOWLEDGEMENT (WARNING)',
  'ACKNOWLEDGEMENT (CRITICAL)',
]);

/**
 * The two calculated host fields, from one pass over the services.
 *
 * bubbleUpStatus: a host that is not UP shows its own status (its services' failures follow from
 * it). An UP host shows WARNING when any service is in trouble, otherwise UP: PENDING services
 * have not been checked yet and raise nothing, which is what §30.1.6 shows (an UP host with one
 * PENDING service bubbles up UP).
 *
 * serviceAvailability: the percentage of services that are OK, as the decimal string the vendor
 * writes, at most two decimals and no trailing zeros ("9.52" for 2 of 21, "0" without services).
 */
export function summarizeServices(
  hostStatus: string,
  services: Iterable<{ monitorStatus: string }>,
): { bubbleUpStatus: string; serviceAvailability: string } {
  let total = 0;
  let ok = 0;
  let troubled = false;
  for (const { monitorStatus } of services) {
    total++;
    if (monitorStatus === 'OK') ok++;
    else if (TROUBLED_SERVICE.has(monitorStatus)) troubled = true;
  }
  return {
    bubbleUpStatus: hostStatus !== 'UP' ? hostStatus : troubled ? 'WARNING' : 'UP',
    serviceAvailability: total === 0 ? '0' : String(Math.round((ok / total) * 10_000) / 100),
  };
}
