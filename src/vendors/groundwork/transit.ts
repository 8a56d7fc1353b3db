import type { components } from '../../generated/groundwork.js';
import type { Properties } from './state.js';
import { formatTimestamp } from './time.js';

/**
 * The connector SDK's transit values (gwos/tcg `sdk/transit`) in GroundWork's terms: statuses,
 * millisecond timestamps, typed values and the connection's host name prefix.
 */

type TypedValue = components['schemas']['TransitTypedValue'];
type Timestamp = components['schemas']['TransitTimestamp'];

/** `HOST_UNSCHEDULED_DOWN` is GroundWork's `UNSCHEDULED DOWN`; `HOST_UNCHANGED` is no status (undefined). */
export function gwStatus(transit: string): string | undefined {
  if (transit === 'HOST_UNCHANGED') return undefined;
  return transit.replace(/^(HOST|SERVICE)_/, '').replaceAll('_', ' ');
}

/** A timestamp as GroundWork writes it; the schema bounds it to 14 digits, so its year has four. */
export function gwTime(millis: Timestamp): string {
  return formatTimestamp(new Date(Number(millis)));
}

/** The value a typed value carries, as a property stores it; nothing for `UnspecifiedType`. */
export function plainValue(value: TypedValue): string | number | boolean | undefined {
  switch (value.valueType) {
    case 'BooleanType':
      return value.boolValue;
    case 'DoubleType':
      return value.doubleValue;
    case 'IntegerType':
      return value.integerValue;
    case 'StringType':
      return value.stringValue;
    case 'TimeType':
      return gwTime(value.timeValue);
    default:
      return undefined;
  }
}

/** Typed properties as the entity's dynamic properties (`UnspecifiedType` ones carry nothing and are left out). */
export function plainProperties(typed: Record<string, TypedValue> | null | undefined): Properties {
  const out: Properties = {};
  for (const [name, value] of Object.entries(typed ?? {})) {
    const plain = plainValue(value);
    if (plain !== undefined) out[name] = plain;
  }
  return out;
}

/** The `Hostnameprefix` header's prefix, applied to a host name of the payload. */
export const prefixed = (prefix: string | undefined, name: string): string => (prefix ? `${prefix}${name}` : name);
