import type { OptionSchema, VendorOptionsSchema } from './types.js';

// Apart from vendor-options.ts (which reads vendorModule()): vendor modules build their schema with
// this, and importing the checker from them would be a cycle.

/** A vendor's options schema: every string option must be non-empty (an empty password is a mistake). */
export function optionsSchema(properties: Record<string, OptionSchema>): VendorOptionsSchema {
  const strict = Object.fromEntries(
    Object.entries(properties).map(([key, p]) => [key, p.type === 'string' ? { minLength: 1, ...p } : p]),
  );
  return { type: 'object', additionalProperties: false, properties: strict };
}

/** What a value of this option looks like, for messages and `--help`. */
export function expected(schema: OptionSchema): string {
  if (schema.type === 'boolean') return 'true or false';
  if (schema.type === 'integer')
    return schema.minimum === undefined ? 'a whole number' : `a whole number ≥ ${schema.minimum}`;
  return 'a non-empty string';
}
