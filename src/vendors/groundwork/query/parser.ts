import type { parser as PeggyParser } from 'peggy';
import {
  parse as parseGenerated,
  SyntaxError as GeneratedSyntaxError,
} from '../../../generated/groundwork-query-parser.js';
import type { Position, QueryAst } from './ast.js';
import { describePosition, QuerySyntaxError } from './errors.js';

/** Longest query text accepted, in UTF-16 code units. */
export const MAX_QUERY_LENGTH = 4096;
/** Deepest nesting of parentheses and `not` accepted. */
export const MAX_NESTING_DEPTH = 32;

/** Parses a query (WHERE clause plus optional ORDER BY). Throws QuerySyntaxError. */
export function parse(text: string): QueryAst {
  if (text.length > MAX_QUERY_LENGTH) {
    const at = positionAt(text, MAX_QUERY_LENGTH);
    throw new QuerySyntaxError(`query: too long (${text.length} characters; the limit is ${MAX_QUERY_LENGTH})`, at);
  }
  // The parser is compiled from grammar.ts by `npm run generate` (src/tools/generate-data.ts).
  try {
    return parseGenerated(text, { maxDepth: MAX_NESTING_DEPTH }) as QueryAst;
  } catch (err) {
    // The generated parser is untyped (@ts-nocheck): peggy's published type describes its SyntaxError.
    // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment
    if (err instanceof GeneratedSyntaxError) throw translate(err as PeggyParser.SyntaxError, text);
    throw err;
  }
}

function translate(err: PeggyParser.SyntaxError, text: string): QuerySyntaxError {
  const start = err.location.start;
  const at: Position = { offset: start.offset, line: start.line, column: start.column };
  // Raised by error() in a grammar action: the message already says why.
  if (err.expected === null) {
    return new QuerySyntaxError(`query: ${err.message} ${describePosition(at)}`, at);
  }
  const expected = describeExpectations(err.expected);
  const found = tokenAt(text, at.offset);
  const previous = tokenBefore(text, at.offset);
  const message = [
    `query: expected ${joinAlternatives(expected)}`,
    previous === null ? '' : ` after ${quoteToken(previous)}`,
    ` ${describePosition(at)}`,
    ` (found ${found === null ? 'end of query' : quoteToken(found)})`,
  ].join('');
  return new QuerySyntaxError(message, at, expected, found);
}

/** Descriptions first ("a value"), then tokens, then "end of query". */
function describeExpectations(expectations: PeggyParser.Expectation[]): string[] {
  const described = expectations.map((e) => {
    switch (e.type) {
      case 'literal':
        return `'${e.text}'`;
      case 'other':
        return e.description;
      case 'end':
        return 'end of query';
      case 'any':
        return 'any character';
      case 'class':
        return 'a character';
    }
  });
  const rank = (d: string): number => (d === 'end of query' ? 2 : d.startsWith("'") ? 1 : 0);
  return [...new Set(described)].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

function joinAlternatives(items: string[]): string {
  if (items.length <= 1) return items[0] ?? 'something else';
  return `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

function quoteToken(token: string): string {
  return token.startsWith("'") || token.startsWith('\u2018') ? token : `'${token}'`;
}

const MAX_TOKEN_SHOWN = 24;

// The helpers below only pick a token to quote in a message; the grammar
// has already decided what is wrong.
function tokenAt(text: string, offset: number): string | null {
  if (offset >= text.length) return null;
  let end = offset + 1;
  const first = text.charAt(offset);
  if (isWordChar(first)) {
    while (end < text.length && isWordChar(text.charAt(end))) end++;
  } else if (isOperatorChar(first)) {
    while (end < text.length && isOperatorChar(text.charAt(end))) end++;
  }
  return shorten(text.slice(offset, end));
}

function tokenBefore(text: string, offset: number): string | null {
  let end = offset;
  while (end > 0 && isSpace(text.charAt(end - 1))) end--;
  if (end === 0) return null;
  let start = end - 1;
  const last = text.charAt(start);
  if (isWordChar(last)) {
    while (start > 0 && isWordChar(text.charAt(start - 1))) start--;
  } else if (isOperatorChar(last)) {
    while (start > 0 && isOperatorChar(text.charAt(start - 1))) start--;
  } else if (last === "'" || last === '\u2019') {
    const open = last === "'" ? "'" : '\u2018';
    start = Math.max(0, text.lastIndexOf(open, start - 1));
  }
  return shorten(text.slice(start, end));
}

function shorten(token: string): string {
  return token.length > MAX_TOKEN_SHOWN ? `${token.slice(0, MAX_TOKEN_SHOWN)}…` : token;
}

function isWordChar(ch: string): boolean {
  return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch === '_' || ch === '.';
}

function isOperatorChar(ch: string): boolean {
  return ch === '<' || ch === '>' || ch === '=' || ch === '!';
}

function isSpace(ch: string): boolean {
  return ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n' || ch === '\u00a0';
}

function positionAt(text: string, offset: number): Position {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charAt(i) === '\n') {
      line++;
      lineStart = i + 1;
    }
  }
  return { offset, line, column: offset - lineStart + 1 };
}
