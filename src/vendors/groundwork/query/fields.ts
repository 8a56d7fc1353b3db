import type { Position } from './ast.js';
import { describePosition, QueryFieldError } from './errors.js';
import type { QueryHost, QueryRow } from './host.js';
import type { QueryService } from './service.js';
import type { Scalar } from './values.js';

/**
 * How a field's values compare: `property` values are typed per row,
 * `groups` is the set of host-group names (membership semantics).
 */
export type ScalarKind = 'number' | 'string' | 'date' | 'property';

export type ResolvedField =
  | { name: string; kind: ScalarKind; read: (row: QueryRow) => Scalar | null }
  | { name: string; kind: 'groups'; read: (row: QueryRow) => readonly string[] };

type FieldSpec<R> = { name: string; aliases?: string[] } & (
  { kind: ScalarKind; read: (row: R) => Scalar | null } | { kind: 'groups'; read: (row: R) => readonly string[] }
);

/**
 * The fields a query may name over one kind of row (hosts, services): resolves a field as written
 * (any case, any alias, `property.<Name>`). `R` is the row type the fields read, so a query
 * compiled with a catalogue runs only on its kind of row.
 */
export interface FieldCatalogue<R extends QueryRow = QueryRow> {
  /** Throws QueryFieldError. */
  resolve(written: string, at?: Position): ResolvedField;
  /** For error messages: `id (hostId), hostName (name, host), …, property.<Name>`. */
  validText: string;
  /** Never read: it ties the catalogue to its row type. */
  readonly row?: R;
}

interface CatalogueRules {
  /** Returned with every row but derived, so GroundWork refuses to filter on them. */
  calculated?: string[];
  /** A hint for an unknown field under a known prefix (`applicationType.x`), if any. */
  hint?(prefix: string): string | undefined;
}

const PROPERTY_PREFIXES = ['property', 'properties'];

export function catalogue<R extends QueryRow>(
  fields: Array<FieldSpec<R>>,
  rules: CatalogueRules = {},
): FieldCatalogue<R> {
  const byName = new Map<string, FieldSpec<R>>();
  for (const spec of fields) {
    for (const name of [spec.name, ...(spec.aliases ?? [])]) byName.set(name.toLowerCase(), spec);
  }
  const validText = [
    ...fields.map((f) => (f.aliases ? `${f.name} (${f.aliases.join(', ')})` : f.name)),
    'property.<Name> (properties.<Name>)',
  ].join(', ');
  return {
    validText,
    resolve(written, at) {
      const lower = written.toLowerCase();
      const spec = byName.get(lower);
      // The row type is the catalogue's own: a query compiled with it reads only its rows.
      if (spec) return { name: spec.name, kind: spec.kind, read: spec.read } as ResolvedField;

      const dot = lower.indexOf('.');
      const prefix = dot < 0 ? lower : lower.slice(0, dot);
      if (PROPERTY_PREFIXES.includes(prefix)) {
        if (dot < 0) throw fieldError(`${written} needs a property name, e.g. property.ExecutionTime`, written, at);
        return propertyField(written.slice(dot + 1));
      }
      const calculated = rules.calculated?.find((c) => c.toLowerCase() === lower);
      if (calculated) throw fieldError(`${calculated} is calculated and cannot be queried`, written, at);
      const hint = rules.hint?.(prefix);
      if (hint) throw fieldError(`unknown field '${written}'`, written, at, hint);
      throw fieldError(`unknown field '${written}'`, written, at, `; valid fields are ${validText}`);
    },
  };
}

/** The queryable host fields of 002 §2.1.5, canonical name first. */
export const HOST_FIELDS = catalogue<QueryHost>(
  [
    { name: 'id', aliases: ['hostId'], kind: 'number', read: (h) => h.id },
    { name: 'hostName', aliases: ['name', 'host'], kind: 'string', read: (h) => h.hostName },
    { name: 'description', kind: 'string', read: (h) => h.description ?? null },
    {
      name: 'appType',
      aliases: ['applicationType.name'],
      kind: 'string',
      read: (h) => h.appType ?? h.applicationType?.name ?? null,
    },
    {
      name: 'applicationType.description',
      kind: 'string',
      read: (h) => h.applicationType?.description ?? null,
    },
    {
      name: 'applicationType.applicationTypeId',
      kind: 'number',
      read: (h) => h.applicationType?.id ?? null,
    },
    {
      name: 'applicationType.stateTransitionCriteria',
      kind: 'string',
      read: (h) => h.applicationType?.stateTransitionCriteria ?? null,
    },
    { name: 'monitorStatus', aliases: ['monitor'], kind: 'string', read: (h) => h.monitorStatus ?? null },
    { name: 'agentId', kind: 'string', read: (h) => h.agentId ?? null },
    {
      name: 'device',
      aliases: ['deviceIdentification'],
      kind: 'string',
      read: (h) => h.deviceIdentification ?? null,
    },
    {
      name: 'deviceName',
      aliases: ['deviceDisplayName'],
      kind: 'string',
      read: (h) => h.deviceDisplayName ?? null,
    },
    { name: 'lastCheckTime', kind: 'date', read: (h) => h.lastCheckTime ?? null },
    { name: 'hostGroup', kind: 'groups', read: (h) => h.hostGroups ?? [] },
    { name: 'stateType', kind: 'string', read: (h) => h.stateType ?? null },
    { name: 'checkType', kind: 'string', read: (h) => h.checkType ?? null },
  ],
  {
    calculated: ['serviceAvailability', 'bubbleUpStatus'],
    hint: (prefix) =>
      prefix === 'applicationtype'
        ? '; applicationType fields are applicationType.name, applicationType.description, ' +
          'applicationType.applicationTypeId and applicationType.stateTransitionCriteria'
        : undefined,
  },
);

/**
 * The queryable service fields, as the server's translator names them (GWT
 * `collage/impl/common/src/java/com/groundwork/collage/query/ServiceQueryTranslatorInfo.java`:
 * id, name/description, host/hostName, monitorStatus/monitor, appType/applicationType, hostGroup,
 * stateType, checkType, lastHardState, agentId, hostAgentId), and the service status times the
 * query passes through to its entity.
 */
export const SERVICE_FIELDS = catalogue<QueryService>([
  { name: 'id', aliases: ['serviceStatusId'], kind: 'number', read: (s) => s.id },
  { name: 'description', aliases: ['name', 'serviceDescription'], kind: 'string', read: (s) => s.description },
  { name: 'hostName', aliases: ['host'], kind: 'string', read: (s) => s.hostName },
  { name: 'monitorStatus', aliases: ['monitor'], kind: 'string', read: (s) => s.monitorStatus ?? null },
  {
    name: 'appType',
    aliases: ['applicationType', 'applicationType.name'],
    kind: 'string',
    read: (s) => s.appType ?? null,
  },
  { name: 'hostGroup', kind: 'groups', read: (s) => s.hostGroups ?? [] },
  { name: 'stateType', kind: 'string', read: (s) => s.stateType ?? null },
  { name: 'checkType', kind: 'string', read: (s) => s.checkType ?? null },
  { name: 'lastHardState', kind: 'string', read: (s) => s.lastHardState ?? null },
  { name: 'agentId', kind: 'string', read: (s) => s.agentId ?? null },
  { name: 'hostAgentId', kind: 'string', read: (s) => s.hostAgentId ?? null },
  { name: 'lastCheckTime', kind: 'date', read: (s) => s.lastCheckTime ?? null },
  { name: 'nextCheckTime', kind: 'date', read: (s) => s.nextCheckTime ?? null },
  { name: 'lastStateChange', kind: 'date', read: (s) => s.lastStateChange ?? null },
]);

/** Host fields, resolved as written (any case, any alias). Throws QueryFieldError. */
export function resolveField(written: string, at?: Position): ResolvedField {
  return HOST_FIELDS.resolve(written, at);
}

/** For error messages about host queries. */
export const VALID_FIELDS_TEXT = HOST_FIELDS.validText;

function fieldError(why: string, field: string, at: Position | undefined, tail = ''): QueryFieldError {
  const where = at ? ` ${describePosition(at)}` : '';
  return new QueryFieldError(`query: ${why}${where}${tail}`, field, at);
}

interface WithProperties {
  properties?: Readonly<Record<string, Scalar | null | undefined>> | null;
}

function propertyField(propertyName: string): ResolvedField {
  const lower = propertyName.toLowerCase();
  return {
    name: `property.${propertyName}`,
    kind: 'property',
    read: (row) => {
      const props = (row as WithProperties).properties;
      if (!props) return null;
      // Exact spelling is the common case; the scan covers other casings.
      if (Object.hasOwn(props, propertyName)) return props[propertyName] ?? null;
      for (const key of Object.keys(props)) {
        if (key.toLowerCase() === lower) return props[key] ?? null;
      }
      return null;
    },
  };
}
