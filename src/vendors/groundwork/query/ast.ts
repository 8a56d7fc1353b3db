/** Where a node starts in the query text; offset is 0-based, line and column 1-based. */
export interface Position {
  offset: number;
  line: number;
  column: number;
}

/** A field reference exactly as written, e.g. `property.ExecutionTime`; resolved by compile(). */
export interface FieldRef {
  type: 'field';
  name: string;
  at: Position;
}

export type DateFunctionName = 'year' | 'month' | 'day' | 'hour' | 'minute';

export interface FunctionCall {
  type: 'function';
  name: DateFunctionName;
  arg: FieldRef;
  at: Position;
}

/**
 * `text` is the literal's textual form (number literals keep their source
 * spelling) so a number compared with a text field compares as written.
 */
export interface Literal {
  type: 'literal';
  value: string | number | boolean;
  text: string;
  at: Position;
}

export type Operand = FieldRef | FunctionCall | Literal;

/** `!=` is normalised to `<>` by the parser. */
export type ComparisonOperator = '=' | '<>' | '<' | '<=' | '>' | '>=';

export type Condition =
  | { type: 'and' | 'or'; left: Condition; right: Condition }
  | { type: 'not'; operand: Condition }
  | { type: 'compare'; op: ComparisonOperator; left: Operand; right: Operand; at: Position }
  | { type: 'like'; negated: boolean; operand: Operand; pattern: string; at: Position }
  | { type: 'between'; negated: boolean; operand: Operand; low: Operand; high: Operand; at: Position }
  | { type: 'in'; negated: boolean; operand: Operand; values: Operand[]; at: Position }
  | { type: 'isNull'; negated: boolean; operand: Operand; at: Position };

export interface OrderTerm {
  key: FieldRef | FunctionCall;
  descending: boolean;
}

/** `where` is null for a blank query (or one that is only `order by ...`): every host matches. */
export interface QueryAst {
  where: Condition | null;
  orderBy: OrderTerm[];
}
