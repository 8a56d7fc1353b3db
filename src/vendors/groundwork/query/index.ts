/**
 * GroundWork's query language: the WHERE clause (plus optional ORDER BY) of
 * `GET /api/hosts?query=...` and `GET /api/services?query=...`, parsed by a peggy grammar and
 * compiled to closures over QueryHost or QueryService, by the field catalogue given.
 */
import { compile, type CompiledQuery } from './compile.js';
import type { FieldCatalogue } from './fields.js';
import type { QueryRow } from './host.js';
import { parse } from './parser.js';

export type {
  ComparisonOperator,
  Condition,
  DateFunctionName,
  FieldRef,
  FunctionCall,
  Literal,
  Operand,
  OrderTerm,
  Position,
  QueryAst,
} from './ast.js';
export { compile, type CompiledQuery, type OrderKey } from './compile.js';
export { QueryError, QueryFieldError, QuerySyntaxError, QueryTypeError } from './errors.js';
export {
  HOST_FIELDS,
  resolveField,
  SERVICE_FIELDS,
  VALID_FIELDS_TEXT,
  type FieldCatalogue,
  type ResolvedField,
} from './fields.js';
export type { PropertyValue, QueryHost, QueryRow } from './host.js';
export { EVENT_FIELDS, HOST_GROUP_FIELDS, type QueryEvent, type QueryHostGroup } from './connector-fields.js';
export type { QueryService } from './service.js';
export { compileLike, likeMatch } from './like.js';
export { MAX_NESTING_DEPTH, MAX_QUERY_LENGTH, parse } from './parser.js';
export { parseTimestamp, type Timestamp } from './values.js';

/** parse + compile (host fields unless a catalogue is given). Throws QuerySyntaxError, QueryFieldError or QueryTypeError. */
export function compileQuery(text: string): CompiledQuery;
export function compileQuery<R extends QueryRow>(text: string, fields: FieldCatalogue<R>): CompiledQuery<R>;
export function compileQuery(text: string, fields?: FieldCatalogue): CompiledQuery<QueryRow> {
  return fields ? compile(parse(text), fields) : compile(parse(text));
}
