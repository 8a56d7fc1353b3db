import { describe, expect, it } from 'vitest';
import {
  MAX_NESTING_DEPTH,
  MAX_QUERY_LENGTH,
  parse,
  QueryError,
  QuerySyntaxError,
  type Condition,
} from '../../../src/vendors/groundwork/query/index.js';

/** Compact rendering of a condition tree, to assert structure without positions. */
function shape(c: Condition | null): string {
  if (c === null) return 'ALL';
  switch (c.type) {
    case 'and':
    case 'or':
      return `(${shape(c.left)} ${c.type} ${shape(c.right)})`;
    case 'not':
      return `(not ${shape(c.operand)})`;
    case 'compare':
      return `${operand(c.left)}${c.op}${operand(c.right)}`;
    case 'like':
      return `${operand(c.operand)} ${c.negated ? 'not like' : 'like'} ${JSON.stringify(c.pattern)}`;
    case 'between':
      return `${operand(c.operand)} ${c.negated ? 'not between' : 'between'} ${operand(c.low)}..${operand(c.high)}`;
    case 'in':
      return `${operand(c.operand)} ${c.negated ? 'not in' : 'in'} [${c.values.map(operand).join(',')}]`;
    case 'isNull':
      return `${operand(c.operand)} ${c.negated ? 'is not null' : 'is null'}`;
  }
}

function operand(o: Extract<Condition, { type: 'compare' }>['left']): string {
  switch (o.type) {
    case 'field':
      return o.name;
    case 'function':
      return `${o.name}(${o.arg.name})`;
    case 'literal':
      return JSON.stringify(o.value);
  }
}

const where = (text: string) => shape(parse(text).where);

function syntaxError(text: string): QuerySyntaxError {
  try {
    parse(text);
  } catch (err) {
    expect(err).toBeInstanceOf(QuerySyntaxError);
    expect(err).toBeInstanceOf(QueryError);
    return err as QuerySyntaxError;
  }
  throw new Error(`expected a syntax error for ${JSON.stringify(text)}`);
}

describe('parse: comparisons and literals', () => {
  it.each([
    ["a = 'x'", 'a="x"'],
    ['a <> 1', 'a<>1'],
    ['a != 1', 'a<>1'],
    ['a < 1', 'a<1'],
    ['a <= 1', 'a<=1'],
    ['a > 1', 'a>1'],
    ['a >= 1', 'a>=1'],
    ['a=1', 'a=1'],
    ['a>=-2.5', 'a>=-2.5'],
    ['a = 1e3', 'a=1000'],
    ['a = .5', 'a=0.5'],
    ['a = true', 'a=true'],
    ['a = FALSE', 'a=false'],
    ["a = 'it''s'", 'a="it\'s"'],
    ["a = ''", 'a=""'],
    ['a = ‘curly’', 'a="curly"'],
    ["a = ‘it's’", 'a="it\'s"'],
    ["property.ExecutionTime = '6'", 'property.ExecutionTime="6"'],
    ['applicationType.name = 1', 'applicationType.name=1'],
    ["'x' = a", '"x"=a'],
    ['a = b', 'a=b'],
    ['year(lastCheckTime) = 2013', 'year(lastCheckTime)=2013'],
    ['MONTH ( lastCheckTime ) = 5', 'month(lastCheckTime)=5'],
  ])('%s', (text, expected) => {
    expect(where(text)).toBe(expected);
  });

  it('keeps the source spelling of numbers', () => {
    const c = parse('a = 10.50').where;
    expect(c?.type === 'compare' && c.right).toMatchObject({ type: 'literal', value: 10.5, text: '10.50' });
  });

  it('records positions of operands', () => {
    const c = parse("hostName = 'x' and\n  monitor = 'UP'").where;
    expect(c?.type).toBe('and');
    if (c?.type !== 'and' || c.right.type !== 'compare') throw new Error('shape');
    expect(c.right.left).toMatchObject({ name: 'monitor', at: { offset: 21, line: 2, column: 3 } });
  });
});

describe('parse: predicates', () => {
  it.each([
    ["a like 'OK%'", 'a like "OK%"'],
    ["a not like 'OK%'", 'a not like "OK%"'],
    ['a like ‘OK%’', 'a like "OK%"'],
    ['a between 10 and 3500', 'a between 10..3500'],
    ['a not between 1 and 2', 'a not between 1..2'],
    ["a in ('x', 'y', 3)", 'a in ["x","y",3]'],
    ["a not in ('x')", 'a not in ["x"]'],
    ['a is null', 'a is null'],
    ['a is not null', 'a is not null'],
    ['a IS NOT NULL', 'a is not null'],
  ])('%s', (text, expected) => {
    expect(where(text)).toBe(expected);
  });

  it('does not let between swallow a following and', () => {
    expect(where('a between 1 and 2 and b = 3')).toBe('(a between 1..2 and b=3)');
  });
});

describe('parse: boolean structure', () => {
  it('binds and tighter than or', () => {
    expect(where('a = 1 or b = 2 and c = 3')).toBe('(a=1 or (b=2 and c=3))');
    expect(where('a = 1 and b = 2 or c = 3')).toBe('((a=1 and b=2) or c=3)');
  });

  it('binds not tighter than and', () => {
    expect(where('not a = 1 and b = 2')).toBe('((not a=1) and b=2)');
    expect(where('not not a = 1')).toBe('(not (not a=1))');
  });

  it('lets parentheses override precedence', () => {
    expect(where('(a = 1 or b = 2) and c = 3')).toBe('((a=1 or b=2) and c=3)');
    expect(where('not (a = 1 or b = 2)')).toBe('(not (a=1 or b=2))');
    expect(where('((a = 1))')).toBe('a=1');
  });

  it('associates left', () => {
    expect(where('a=1 or b=2 or c=3')).toBe('((a=1 or b=2) or c=3)');
  });

  it('accepts keywords in any case', () => {
    expect(where("a = 1 AND b LIKE 'x' Or NOT c Is NuLl")).toBe('((a=1 and b like "x") or (not c is null))');
    expect(where('a BETWEEN 1 AND 2')).toBe('a between 1..2');
    expect(where("a NOT IN ('x')")).toBe('a not in ["x"]');
  });

  it('keeps keywords apart from field names that start with them', () => {
    expect(where('orders = 1 and android = 2 or notes = 3')).toBe('((orders=1 and android=2) or notes=3)');
    expect(where('property.Order = 1')).toBe('property.Order=1');
  });
});

describe('parse: order by', () => {
  it('parses keys with directions', () => {
    const ast = parse('a = 1 order by property.ExecutionTime desc, hostName ASC, year(lastCheckTime)');
    expect(ast.orderBy.map((o) => [o.key.type === 'field' ? o.key.name : o.key.name, o.descending])).toEqual([
      ['property.ExecutionTime', true],
      ['hostName', false],
      ['year', false],
    ]);
  });

  it('allows order by without a condition, and an empty query', () => {
    expect(parse('ORDER BY hostName').where).toBeNull();
    expect(parse('ORDER BY hostName').orderBy).toHaveLength(1);
    expect(parse('')).toEqual({ where: null, orderBy: [] });
    expect(parse('   ')).toEqual({ where: null, orderBy: [] });
  });
});

describe('parse: syntax errors', () => {
  it('says what was expected, after what, where, and what was found', () => {
    const err = syntaxError("hostName = 'x' and monitor =");
    expect(err.message).toBe("query: expected a value after '=' at column 29 (found end of query)");
    expect(err).toMatchObject({ offset: 28, line: 1, column: 29, expected: ['a value'], found: null });
  });

  it('reports column 17 for a missing value after = at offset 16', () => {
    expect(syntaxError('monitorStatus = ').message).toBe(
      "query: expected a value after '=' at column 17 (found end of query)",
    );
  });

  it('lists the operators after a bare field', () => {
    const err = syntaxError('hostName');
    expect(err.message).toBe(
      "query: expected a comparison operator, 'between', 'in', 'is', 'like' or 'not' after 'hostName' at column 9 (found end of query)",
    );
  });

  it('points at an unexpected token', () => {
    const err = syntaxError("hostName = 'a' monitor = 'UP'");
    expect(err.message).toBe(
      "query: expected 'and', 'or', 'order by' or end of query after 'a' at column 16 (found 'monitor')",
    );
    expect(err.found).toBe('monitor');
  });

  it('reports an unclosed parenthesis', () => {
    expect(syntaxError("(hostName = 'a'").message).toBe(
      "query: expected ')', 'and' or 'or' after 'a' at column 16 (found end of query)",
    );
  });

  it('reports problems inside a function call where they are', () => {
    expect(syntaxError('year(1) = 2013').message).toBe(
      "query: expected a field name after '(' at column 6 (found '1')",
    );
    expect(syntaxError('year(lastCheckTime = 2013').message).toBe(
      "query: expected ')' after 'lastCheckTime' at column 20 (found '=')",
    );
  });

  it('reports a missing operand at the start and after and', () => {
    expect(syntaxError("and hostName = 'a'").message).toBe(
      "query: expected a field name, '(', 'not', 'order by' or end of query at column 1 (found 'and')",
    );
    expect(syntaxError('a = 1 and').message).toMatch(/after 'and' at column 10 \(found end of query\)$/);
  });

  it('reports line and column on multi-line queries', () => {
    const err = syntaxError("hostName = 'x'\nand = 3");
    expect(err).toMatchObject({ line: 2, column: 5, offset: 19 });
    expect(err.message).toContain('at line 2, column 5');
  });

  it.each([
    ["hostName = 'abc", 'query: unterminated string: the quote opened here is never closed at column 12'],
    ['hostName = ‘abc', 'query: unterminated string: the quote opened here is never closed at column 12'],
    ['hostName = "abc"', "query: strings take single quotes, e.g. 'UP' (double quotes are not strings) at column 12"],
    ['hostName = null', "query: use 'is null' or 'is not null' to test for a missing value at column 12"],
  ])('%s', (text, message) => {
    expect(syntaxError(text).message).toBe(message);
  });

  it.each([
    ['a like 5', 'a quoted pattern'],
    ['a in ()', 'a value'],
    ['a between 1', "'and'"],
    ['a is', "'not'"],
    ['year(1) = 2', 'a field name'],
    ['year(lastCheckTime = 2', "')'"],
    ['a = 1 order hostName', "'by'"],
    ['a = 1 order by', 'a field name'],
    ['a = 1 order by b sideways', "'asc'"],
    ['a == 1', 'a value'],
  ])('%s expects %s', (text, expected) => {
    expect(syntaxError(text).expected).toContain(expected);
  });
});

describe('parse: limits', () => {
  it('exports the limits', () => {
    expect(MAX_QUERY_LENGTH).toBe(4096);
    expect(MAX_NESTING_DEPTH).toBe(32);
  });

  it('accepts a query of exactly the maximum length and refuses one longer', () => {
    const base = "hostName = '";
    const exact = `${base}${'x'.repeat(MAX_QUERY_LENGTH - base.length - 1)}'`;
    expect(exact).toHaveLength(MAX_QUERY_LENGTH);
    expect(() => parse(exact)).not.toThrow();
    const err = syntaxError(`${exact} `);
    expect(err.message).toBe('query: too long (4097 characters; the limit is 4096)');
    expect(err.offset).toBe(4096);
  });

  it('accepts 32 levels of parentheses and refuses 33, pointing at the 33rd', () => {
    const nest = (n: number) => `${'('.repeat(n)}a = 1${')'.repeat(n)}`;
    expect(where(nest(MAX_NESTING_DEPTH))).toBe('a=1');
    const err = syntaxError(nest(MAX_NESTING_DEPTH + 1));
    expect(err.message).toBe('query: nesting is deeper than 32 levels of parentheses or not at column 33');
    expect(err.column).toBe(33);
  });

  it('counts not toward the depth', () => {
    expect(() => parse(`${'not '.repeat(32)}a = 1`)).not.toThrow();
    expect(syntaxError(`${'not '.repeat(16)}${'('.repeat(17)}a = 1${')'.repeat(17)}`).message).toMatch(
      /nesting is deeper than 32/,
    );
  });

  it('refuses hostile nesting within the length limit without overflowing the stack', () => {
    expect(syntaxError('('.repeat(4000)).message).toMatch(/nesting is deeper than 32/);
    expect(syntaxError('not '.repeat(1000)).message).toMatch(/nesting is deeper than 32/);
  });

  it('does not count sibling groups as nesting', () => {
    const siblings = Array.from({ length: 100 }, (_, i) => `(a = ${i})`).join(' or ');
    expect(() => parse(siblings)).not.toThrow();
  });
});
