import type { Position } from './ast.js';

/**
 * Base of every query failure so an HTTP layer can map them all to one
 * client-error response. Position fields are absent when the failure is not
 * tied to a place in the text.
 */
export class QueryError extends Error {
  override name = 'QueryError';
  readonly offset: number | undefined;
  readonly line: number | undefined;
  readonly column: number | undefined;

  constructor(message: string, at?: Position) {
    super(message);
    this.offset = at?.offset;
    this.line = at?.line;
    this.column = at?.column;
  }
}

export class QuerySyntaxError extends QueryError {
  override name = 'QuerySyntaxError';
  declare readonly offset: number;
  declare readonly line: number;
  declare readonly column: number;
  /** Human descriptions of what would have been accepted, e.g. `a value`, `')'`. */
  readonly expected: string[];
  /** The token found instead, or null at the end of the query. */
  readonly found: string | null;

  constructor(message: string, at: Position, expected: string[] = [], found: string | null = null) {
    super(message, at);
    this.expected = expected;
    this.found = found;
  }
}

/** Unknown, incomplete or non-queryable (calculated) field. */
export class QueryFieldError extends QueryError {
  override name = 'QueryFieldError';
  readonly field: string;

  constructor(message: string, field: string, at?: Position) {
    super(message, at);
    this.field = field;
  }
}

/** A well-formed query that asks something meaningless, e.g. `year(hostName)`. */
export class QueryTypeError extends QueryError {
  override name = 'QueryTypeError';
}

/** Shared phrasing so every error reads `query: <why> at column N`. */
export function describePosition(at: Position): string {
  return at.line > 1 ? `at line ${at.line}, column ${at.column}` : `at column ${at.column}`;
}
