import { HttpError } from '../../mock/errors.js';
import { compileQuery, QueryError, type CompiledQuery, type FieldCatalogue, type QueryRow } from './query/index.js';

/** Queries compiled lately, per field catalogue, by their text; the oldest is dropped first. */
const kept = new WeakMap<FieldCatalogue, Map<string, CompiledQuery<QueryRow>>>();
const KEPT_PER_CATALOGUE = 256;

/**
 * A query of a request, compiled over a catalogue's fields (hosts or services). A syntax, field or
 * type error is the client's, with its column (400). Parsing was most of a small query's cost, and
 * a dashboard or a poller asks the same few queries over and over, so a compiled query (closures
 * over nothing but its own text) is kept and reused; failures are not kept.
 */
export function compiled<R extends QueryRow>(text: string, fields: FieldCatalogue<R>): CompiledQuery<R> {
  let byText = kept.get(fields);
  if (!byText) kept.set(fields, (byText = new Map<string, CompiledQuery<R>>()));
  const found = byText.get(text);
  if (found !== undefined) return found;
  let query: CompiledQuery<R>;
  try {
    query = compileQuery(text, fields);
  } catch (error) {
    if (error instanceof QueryError) throw new HttpError(400, error.message);
    throw error;
  }
  const oldest = byText.keys().next();
  if (byText.size >= KEPT_PER_CATALOGUE && !oldest.done) byText.delete(oldest.value);
  byText.set(text, query);
  return query;
}
