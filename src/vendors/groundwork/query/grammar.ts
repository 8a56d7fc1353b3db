/**
 * Peggy grammar for the WHERE clause (plus optional ORDER BY) of GroundWork's
 * HQL-like host query. Kept as a string so the compiled output needs no
 * copied asset; parser.ts turns it into a parser once at module load.
 *
 * Notes on choices that are not obvious from the rules themselves:
 * - Rules with a quoted name ("a value", "a field name") make peggy report
 *   that name instead of the character classes inside, which is what the
 *   error messages are built from.
 * - Nesting depth is counted while parsing (Enter/Leave) so that a hostile
 *   "((((((…" is refused before it can exhaust the stack. Enter and Leave
 *   always run in pairs: the guarded part is optional and a predicate after
 *   Leave rejects the match when it was missing. (enter() is the Enter.)
 * - Keywords are reserved only as the first segment of a field name, so
 *   `property.Order` still names a dynamic property.
 * - Actions use string concatenation, not template literals, because this
 *   whole text is itself a template literal.
 */
export const GRAMMAR = String.raw`
{
  let depth = 0;
  const maxDepth = options.maxDepth ?? 32;

  function pos() {
    const s = location().start;
    return { offset: s.offset, line: s.line, column: s.column };
  }

  function chain(type, head, tail) {
    return tail.reduce((left, right) => ({ type, left, right }), head);
  }

  function enter(start) {
    depth += 1;
    if (depth > maxDepth) {
      error('nesting is deeper than ' + maxDepth + ' levels of parentheses or not', start);
    }
    return true;
  }

  function literal(value, text) {
    return { type: 'literal', value, text, at: pos() };
  }
}

Query
  = _ where:Or? _ orderBy:OrderBy? _ End
    { return { where: where ?? null, orderBy: orderBy ?? [] }; }

// ---- boolean structure: not > and > or ----

Or
  = head:And tail:(_ OrKw _ @And)*
    { return chain('or', head, tail); }

And
  = head:Not tail:(_ AndKw _ @Not)*
    { return chain('and', head, tail); }

Not
  = start:Here NotKw _ &{ return enter(start); } operand:Not? Leave &{ return operand !== null; }
    { return { type: 'not', operand }; }
  / Primary

Primary
  = start:Here "(" _ &{ return enter(start); } inner:(@Or _ ")")? Leave &{ return inner !== null; }
    { return inner; }
  / Predicate

// Captures where a nesting level opens, so a depth error points at it.
Here
  = "" { return location(); }

Leave
  = &{ depth -= 1; return true; }

// ---- predicates ----

Predicate
  = subject:Subject _ test:Test
    { return test(subject); }

Test
  = CompareOp _ &NullKw NullValue
  / op:CompareOp _ right:Value
    { return (left) => ({ type: 'compare', op, left, right, at: left.at }); }
  / negated:Negation LikeKw _ pattern:Pattern
    { return (operand) => ({ type: 'like', negated, operand, pattern, at: operand.at }); }
  / negated:Negation BetweenKw _ low:Value _ AndKw _ high:Value
    { return (operand) => ({ type: 'between', negated, operand, low, high, at: operand.at }); }
  / negated:Negation InKw _ "(" _ values:ValueList _ ")"
    { return (operand) => ({ type: 'in', negated, operand, values, at: operand.at }); }
  / IsKw _ negated:Negation NullKw
    { return (operand) => ({ type: 'isNull', negated, operand, at: operand.at }); }

Negation
  = not:(NotKw _)?
    { return not !== null; }

// SQL's "= null" is never true; say so instead of reporting a bare syntax error.
NullValue
  = NullKw
    { error("use 'is null' or 'is not null' to test for a missing value"); }

CompareOp "a comparison operator"
  = op:$("<>" / "!=" / "<=" / ">=" / "=" / "<" / ">")
    { return op === '!=' ? '<>' : op; }

ValueList
  = head:Value tail:(_ "," _ @Value)*
    { return [head, ...tail]; }

// ---- operands ----

Subject "a field name"
  = Function / Field / Literal

Value "a value"
  = Literal / Function / Field

OrderKey "a field name"
  = Function / Field

Pattern "a quoted pattern"
  = s:String
    { return s.value; }

// A function name followed by "(" cannot be anything else, so failures
// inside the call are reported directly instead of being hidden by the
// enclosing "a value" / "a field name" rule backtracking.
Function
  = name:FunctionName _ "(" _ arg:FunctionArg _ FunctionClose
    { return { type: 'function', name: name.toLowerCase(), arg, at: pos() }; }

FunctionArg
  = Field
  / "" { expected('a field name'); }

FunctionClose
  = ")"
  / "" { expected("')'"); }

FunctionName
  = $(("year"i / "month"i / "day"i / "hour"i / "minute"i) !IdentPart)

Field "a field name"
  = !Reserved Identifier ("." Segment)*
    { return { type: 'field', name: text(), at: pos() }; }

Identifier
  = $([A-Za-z_] IdentPart*)

Segment
  = $IdentPart+

IdentPart
  = [A-Za-z0-9_]

// ---- literals ----

Literal
  = String / Number / Boolean

// The vendor documentation prints ‘curly quotes’ in its examples, so they
// are accepted as a pair; a straight quote is escaped by doubling it.
String
  = "'" chars:("''" { return "'"; } / [^'])* "'"
    { const s = chars.join(''); return literal(s, s); }
  / "\u2018" s:$[^\u2019]* "\u2019"
    { return literal(s, s); }
  / ("'" / "\u2018")
    { error('unterminated string: the quote opened here is never closed'); }
  / '"'
    { error("strings take single quotes, e.g. 'UP' (double quotes are not strings)"); }

Number
  = n:$("-"? (Digits ("." Digits?)? / "." Digits) ([eE] [+-]? Digits)?)
    { return literal(Number(n), n); }

Digits
  = [0-9]+

Boolean
  = TrueKw { return literal(true, 'true'); }
  / FalseKw { return literal(false, 'false'); }

// ---- order by ----

OrderBy
  = OrderKw _ ByKw _ head:OrderTerm tail:(_ "," _ @OrderTerm)*
    { return [head, ...tail]; }

OrderTerm
  = key:OrderKey direction:(_ @Direction)?
    { return { key, descending: direction === 'desc' }; }

Direction
  = AscKw { return 'asc'; }
  / DescKw { return 'desc'; }

// ---- keywords and layout ----

Reserved
  = ("and"i / "or"i / "not"i / "like"i / "between"i / "in"i / "is"i / "null"i
    / "true"i / "false"i / "order"i) !IdentPart

AndKw = "and"i !IdentPart
OrKw = "or"i !IdentPart
NotKw = "not"i !IdentPart
LikeKw = "like"i !IdentPart
BetweenKw = "between"i !IdentPart
InKw = "in"i !IdentPart
IsKw = "is"i !IdentPart
NullKw = "null"i !IdentPart
TrueKw = "true"i !IdentPart
FalseKw = "false"i !IdentPart
OrderKw "'order by'" = "order"i !IdentPart
ByKw = "by"i !IdentPart
AscKw = "asc"i !IdentPart
DescKw = "desc"i !IdentPart

_ "whitespace"
  = [ \t\r\n\u00a0]*

End "end of query"
  = !.
`;
