import type { FunctionCall, Literal, Operand, Position } from './ast.js';
import { describePosition, QueryTypeError } from './errors.js';
import type { FieldCatalogue, ScalarKind } from './fields.js';
import type { QueryRow } from './host.js';
import { parseTimestamp, type Scalar } from './values.js';

export type Read<T> = (row: QueryRow) => T | null;

/**
 * An operand after field resolution: how to read it from a host, plus the
 * static kind that decides how comparisons treat it. `label` names it in
 * error messages.
 */
export type Term =
  | { kind: ScalarKind; label: string; read: Read<Scalar> }
  | { kind: 'literal'; label: string; read: Read<Scalar>; literal: Literal }
  | { kind: 'groups'; label: string; read: (row: QueryRow) => readonly string[] };

export type GroupsTerm = Extract<Term, { kind: 'groups' }>;
export type ScalarTerm = Exclude<Term, { kind: 'groups' }>;

export function compileOperand(operand: Operand, fields: FieldCatalogue): Term {
  switch (operand.type) {
    case 'literal': {
      const value = operand.value;
      const label = typeof value === 'string' ? `'${value}'` : operand.text;
      return { kind: 'literal', label, read: () => value, literal: operand };
    }
    case 'field': {
      const field = fields.resolve(operand.name, operand.at);
      return { kind: field.kind, label: field.name, read: field.read } as Term;
    }
    case 'function':
      return dateFunction(operand, fields);
  }
}

function dateFunction(call: FunctionCall, fields: FieldCatalogue): Term {
  const field = fields.resolve(call.arg.name, call.arg.at);
  const label = `${call.name}(${field.name})`;
  // Properties are allowed because some hold timestamps; rows where the
  // value is not one read as NULL.
  if (field.kind !== 'date' && field.kind !== 'property') {
    throw typeError(`${call.name}() needs a timestamp field such as lastCheckTime, not ${field.name}`, call.at);
  }
  const read = field.read;
  const part = call.name;
  return {
    kind: 'number',
    label,
    read: (row) => {
      const value = read(row);
      const ts = typeof value === 'string' ? parseTimestamp(value) : null;
      return ts ? ts[part] : null;
    },
  };
}

export function typeError(why: string, at: Position): QueryTypeError {
  return new QueryTypeError(`query: ${why} ${describePosition(at)}`, at);
}
