import type { Position } from './ast.js';
import { describePosition, QueryFieldError } from './errors.js';
import type { QueryHost } from './host.js';
import type { Scalar } from './values.js';

/**
 * How a field's values compare: `property` values are typed per row,
 * `groups` is the set of host-group names (membership semantics).
 */
export type ScalarKind = 'number' | 'string' | 'date' | 'property';

export type ResolvedField =
  | { name: string; kind: ScalarKind; read: (host: QueryHost) => Scalar | null }
  | { name: string; kind: 'groups'; read: (host: QueryHost) => readonly string[] };

type FieldSpec = ResolvedField & { aliases?: string[] };

/** The queryable fields of §2.1.5, canonical name first. */
const FIELDS: FieldSpec[] = [
  { name: 'id', aliases: ['hostId'], kind: 'number', read: (h) => h.id ?? null },
  { name: 'hostName', aliases: ['name', 'host'], kind: 'string', read: (h) => h.hostName ?? null },
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
];

/** Returned with every host but derived, so GroundWork refuses to filter on them. */
const CALCULATED = ['serviceAvailability', 'bubbleUpStatus'];

const PROPERTY_PREFIXES = ['property', 'properties'];

const BY_NAME = new Map<string, FieldSpec>();
for (const spec of FIELDS) {
  for (const name of [spec.name, ...(spec.aliases ?? [])]) BY_NAME.set(name.toLowerCase(), spec);
}

/** For error messages: `id (hostId), hostName (name, host), …, property.<Name>`. */
export const VALID_FIELDS_TEXT = [
  ...FIELDS.map((f) => (f.aliases ? `${f.name} (${f.aliases.join(', ')})` : f.name)),
  'property.<Name> (properties.<Name>)',
].join(', ');

/** Resolves a field as written (any case, any alias). Throws QueryFieldError. */
export function resolveField(written: string, at?: Position): ResolvedField {
  const lower = written.toLowerCase();
  const spec = BY_NAME.get(lower);
  if (spec) return { name: spec.name, kind: spec.kind, read: spec.read } as ResolvedField;

  const dot = lower.indexOf('.');
  const prefix = dot < 0 ? lower : lower.slice(0, dot);
  if (PROPERTY_PREFIXES.includes(prefix)) {
    if (dot < 0) throw fieldError(`${written} needs a property name, e.g. property.ExecutionTime`, written, at);
    return propertyField(written.slice(dot + 1));
  }

  const calculated = CALCULATED.find((c) => c.toLowerCase() === lower);
  if (calculated) throw fieldError(`${calculated} is calculated and cannot be queried`, written, at);

  if (prefix === 'applicationtype') {
    throw fieldError(
      `unknown field '${written}'`,
      written,
      at,
      '; applicationType fields are applicationType.name, applicationType.description, ' +
        'applicationType.applicationTypeId and applicationType.stateTransitionCriteria',
    );
  }
  throw fieldError(`unknown field '${written}'`, written, at, `; valid fields are ${VALID_FIELDS_TEXT}`);
}

function fieldError(why: string, field: string, at: Position | undefined, tail = ''): QueryFieldError {
  const where = at ? ` ${describePosition(at)}` : '';
  return new QueryFieldError(`query: ${why}${where}${tail}`, field, at);
}

function propertyField(propertyName: string): ResolvedField {
  const lower = propertyName.toLowerCase();
  return {
    name: `property.${propertyName}`,
    kind: 'property',
    read: (host) => {
      const props = host.properties;
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
