export type PropertyValue = string | number | boolean;

/**
 * What a compiled query evaluates against: a host view (QueryHost) or a service view
 * (QueryService). Only the field catalogue the query was compiled with reads into it.
 */
export type QueryRow = object;

/**
 * The view of a host the query language evaluates against. Everything but
 * id and hostName is optional because GroundWork omits empty attributes;
 * a missing (or null) value is SQL NULL to the query.
 */
export interface QueryHost {
  id: number;
  hostName: string;
  description?: string | null;
  /** Wins over applicationType.name when both are present. */
  appType?: string | null;
  applicationType?: {
    id?: number | null;
    name?: string | null;
    description?: string | null;
    stateTransitionCriteria?: string | null;
  } | null;
  monitorStatus?: string | null;
  agentId?: string | null;
  deviceIdentification?: string | null;
  deviceDisplayName?: string | null;
  /** GroundWork timestamp, e.g. 2016-01-04T23:42:30.468-0700 or 2013-05-22T09:44:56-07:00. */
  lastCheckTime?: string | null;
  /** Names of the host groups this host belongs to. */
  hostGroups?: readonly string[] | null;
  stateType?: string | null;
  checkType?: string | null;
  /** Dynamic properties; names are matched case-insensitively by queries. */
  properties?: Readonly<Record<string, PropertyValue | null | undefined>> | null;
}
