import type { PropertyValue } from './host.js';

/**
 * The view of a service (a host's service status) that service queries evaluate against. As with
 * hosts, a missing (or null) value is SQL NULL to the query.
 */
export interface QueryService {
  id: number;
  /** The service's name on its host, e.g. `local_cpu_httpd`. */
  description: string;
  hostName: string;
  monitorStatus?: string | null;
  appType?: string | null;
  agentId?: string | null;
  /** The agent of the service's host. */
  hostAgentId?: string | null;
  stateType?: string | null;
  checkType?: string | null;
  lastHardState?: string | null;
  lastCheckTime?: string | null;
  nextCheckTime?: string | null;
  lastStateChange?: string | null;
  /** Names of the host groups the service's host belongs to. */
  hostGroups?: readonly string[] | null;
  properties?: Readonly<Record<string, PropertyValue | null | undefined>> | null;
}
