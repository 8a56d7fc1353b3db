/**
 * GroundWork host query language: the WHERE clause (plus optional ORDER BY)
 * of `GET /api/hosts?query=...`, parsed by a peggy grammar and compiled to
 * closures over QueryHost.
 */
import { compile, type CompiledQuery } from './compile.js';
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
export { resolveField, VALID_FIELDS_TEXT, type ResolvedField } from './fields.js';
export type { PropertyValue, QueryHost } from './host.js';
export { compileLike, likeMatch } from './like.js';
export { MAX_NESTING_DEPTH, MAX_QUERY_LENGTH, parse, warmParser } from './parser.js';
export { parseTimestamp, type Timestamp } from './values.js';

/** parse + compile. Throws QuerySyntaxError, QueryFieldError or QueryTypeError. */
export function compileQuery(text: string): CompiledQuery {
  return compile(parse(text));
}
