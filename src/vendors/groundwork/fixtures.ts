import type { FixtureSet, VendorOptions } from '../../mock/types.js';
import { ServiceList } from './service-list.js';
import {
  emptyState,
  insertHost,
  joinHostGroup,
  NO_NAMES,
  type GroundworkState,
  type HostRecord,
  type Settings,
} from './state.js';

export const DEFAULT_USER = 'admin';
export const DEFAULT_PASSWORD = 'admin';
export const DEFAULT_DEMO_TOKEN = 'understudy-demo-token';
export const DEFAULT_AUTOCOMPLETE_LIMIT = 10;
/**
 * GroundWork's AuthService: tokens live in an ExpiringMap whose entries expire after 28,800 s
 * (8 h) without a get (each check of a token is one), unless JOSSO's maxInactiveInterval says
 * otherwise; at 500 live tokens (`collagerest.sessions.max`) it logs an error and drops them all.
 * wang-shun/groundwork-trunk@ea1ca766, enterprise-foundation/collagerest-server/.../auth/AuthService.java
 * (DEFAULT_ACCESS_TOKENS_EXPIRATION, DEFAULT_MAX_ACCESS_TOKENS, makeAccessToken) and
 * collagerest-common/.../auth/ExpiringMap.java (get() refreshes the last access time).
 */
export const DEFAULT_TOKEN_IDLE_SECONDS = 28_800;
export const DEFAULT_MAX_SESSIONS = 500;

export function settingsFrom(options: VendorOptions): Settings {
  const limit = Number(options.autocompleteLimit ?? DEFAULT_AUTOCOMPLETE_LIMIT);
  return {
    user: String(options.user ?? DEFAULT_USER),
    password: String(options.password ?? DEFAULT_PASSWORD),
    demoToken: String(options.token ?? DEFAULT_DEMO_TOKEN),
    autocompleteLimit: Number.isInteger(limit) && limit > 0 ? limit : DEFAULT_AUTOCOMPLETE_LIMIT,
    tokenIdleSeconds: Number(options.tokenIdleSeconds ?? DEFAULT_TOKEN_IDLE_SECONDS),
    maxSessions: Number(options.maxSessions ?? DEFAULT_MAX_SESSIONS),
  };
}

export function createState(fixtures: FixtureSet, options: VendorOptions): GroundworkState {
  const state = emptyState(settingsFrom(options));
  if (fixtures === 'default') addDocumentedHosts(state);
  return state;
}

/**
 * A fresh install's localhost: 21 services, of which the first checks have run two (OK) and the
 * rest are PENDING. That is what makes localhost's serviceAvailability the "9.52" (2 of 21) and its
 * bubbleUpStatus the "UP" that the §2.1 example prints.
 */
const LOCALHOST_SERVICES = [
  'local_cpu_httpd',
  'local_cpu_java',
  'local_cpu_nagios',
  'local_cpu_perl',
  'local_cpu_snmptrapd',
  'local_cpu_snmptt',
  'local_cpu_syslog-ng',
  'local_disk_root',
  'local_load',
  'local_mem_httpd',
  'local_mem_java',
  'local_mem_nagios',
  'local_mem_perl',
  'local_mem_snmptrapd',
  'local_mem_snmptt',
  'local_mem_syslog-ng',
  'local_memory',
  'local_nagios_latency',
  'local_swap',
  'local_users',
  'tcp_http',
];
const CHECKED: Record<string, string> = {
  local_load: 'OK - load average: 0.12, 0.08, 0.05',
  local_users: 'USERS OK - 2 users currently logged in',
};

/** The two hosts of the §2.1 example results, exactly as printed (ids 1 and 19, no display names). */
function addDocumentedHosts(state: GroundworkState): void {
  state.devices.set('127.0.0.1', { id: 1, identification: '127.0.0.1' });
  state.devices.set('172.28.113.169', { id: 2, identification: '172.28.113.169' });
  state.lastIds.device = 2;

  const host = (
    id: number,
    name: string,
    device: string,
    lastCheckTime: string,
    properties: HostRecord['properties'],
  ): HostRecord => ({
    id,
    hostName: name,
    description: name,
    monitorStatus: 'UP',
    appType: 'NAGIOS',
    deviceIdentification: device,
    lastCheckTime,
    acknowledged: false,
    properties,
    hostGroups: [],
    hostCategories: NO_NAMES,
    services: new ServiceList(),
  });
  const localhost = host(1, 'localhost', '127.0.0.1', '2013-05-22T09:44:56-07:00', {
    MaxAttempts: '10',
    ExecutionTime: '6',
  });
  const malbec = host(19, 'malbec', '172.28.113.169', '2013-05-22T09:45:06-07:00', {});
  state.lastIds.host = 19;

  for (const [i, description] of LOCALHOST_SERVICES.entries()) {
    const message = CHECKED[description];
    const status = message ? 'OK' : 'PENDING';
    localhost.services.set({
      id: i + 1,
      description,
      appType: 'NAGIOS',
      monitorStatus: status,
      lastHardState: status,
      stateType: 'HARD',
      checkType: 'ACTIVE',
      monitorServer: 'localhost',
      properties: message ? { LastPluginOutput: message } : {},
      serviceGroups: NO_NAMES,
      serviceCategories: NO_NAMES,
      ...(message
        ? {
            lastCheckTime: '2013-05-22T09:44:40.000-0700',
            nextCheckTime: '2013-05-22T09:49:40.000-0700',
            lastStateChange: '2013-05-22T09:44:40.000-0700',
            lastPlugInOutput: `-1^^^-1^^^-1^^^05/22/2013 09:44:40 AM^^^${message}^^^NA`,
          }
        : {}),
    });
  }
  state.lastIds.service = LOCALHOST_SERVICES.length;

  for (const h of [localhost, malbec]) {
    insertHost(state, h);
    joinHostGroup(state, h, 'hosts', 'NAGIOS');
  }
}
