import type { JsonSchema } from './openapi.js';

type Deref = (schema: JsonSchema | undefined) => JsonSchema;

/**
 * Text (a query, path or header parameter, a form field) carries a boolean in its client's spelling:
 * `true` from JavaScript, Go and Java, `True` from Python (`requests` sends `params={'x': True}` as
 * `x=True`, as Polarity's own documented snippet does). The vendors' servers read it without regard
 * to case (GroundWork's JAX-RS parses `boolean` parameters with Java's `Boolean.parseBoolean`), but
 * ajv's coercion knows only `true` and `false`. So a value whose schema is a boolean, spelled
 * `true`/`false` in any case, is lowered before ajv coerces it. Nothing else is read as a boolean:
 * `1`/`0` and `yes`/`no` stay refused, since JAX-RS reads `1` as false and no client library writes
 * them for a boolean, so a mock that guessed a meaning would hide the client's bug.
 */
export function normalizeBooleanText(values: Record<string, unknown>, names: readonly string[]): void {
  for (const name of names) {
    const value = values[name];
    if (typeof value === 'string') values[name] = lowered(value);
    else if (Array.isArray(value))
      values[name] = (value as unknown[]).map((v) => (typeof v === 'string' ? lowered(v) : v));
  }
}

function lowered(text: string): string {
  if (text.length !== 4 && text.length !== 5) return text;
  const lower = text.toLowerCase();
  return lower === 'true' || lower === 'false' ? lower : text;
}

/** Whether a schema takes a boolean and no text (a schema that takes strings keeps `True` as it is). */
export function isBooleanSchema(schema: JsonSchema): boolean {
  const types = Array.isArray(schema.type) ? schema.type : schema.type === undefined ? [] : [schema.type];
  return types.includes('boolean') && !types.includes('string');
}

/** The names of an object schema's properties that take a boolean (a form's boolean fields). */
export function booleanProperties(schemaIn: JsonSchema | undefined, deref: Deref): string[] {
  const schema = deref(schemaIn);
  const parts = [schema, ...(schema.allOf ?? []).map((part) => deref(part))];
  const names: string[] = [];
  for (const part of parts) {
    for (const [name, property] of Object.entries(part.properties ?? {})) {
      if (isBooleanSchema(deref(property))) names.push(name);
    }
  }
  return names;
}
