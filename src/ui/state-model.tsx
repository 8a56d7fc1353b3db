/**
 * Reads a vendor's `GET /__admin/state` dump without knowing its shape: lists of records and maps of
 * records become tables (records nested in records become tables of their own, each row naming its
 * parent), and the few columns worth showing are chosen by name (name, id, status, ...) and by how
 * many rows have them. Vendors' states change shape as they grow; nothing here names a vendor.
 */

export interface StateRow {
  /** The map key, for records held in a map (`{ "<key>": {...} }`). */
  key?: string;
  /** The label of the record this one is nested in. */
  parent?: string;
  /** Every scalar of the record, flattened (`attributes.name`), formatted for display. */
  cells: Record<string, string>;
  raw: unknown;
  /** Lower-cased text the search matches against. */
  haystack: string;
}

export interface StateCollection {
  /** `hosts`, `hosts › services`, `pending`. */
  title: string;
  columns: string[];
  rows: StateRow[];
}

export interface VendorState {
  vendor: string;
  collections: StateCollection[];
  /** Loose scalars (`version`, `lastIds.host`), as name and value. */
  values: Array<[string, string]>;
}

/** Column names that stand for the map key and the enclosing record, when there are such. */
export const KEY_COLUMN = 'key';
export const PARENT_COLUMN = 'parent';

const MAX_COLUMNS = 7;
const MAX_DEPTH = 4;
/** Records nested this deep in records become tables of their own; deeper ones are summarised. */
const MAX_NESTING = 2;

type Scalar = string | number | boolean | null;

const isScalar = (v: unknown): v is Scalar => v === null || ['string', 'number', 'boolean'].includes(typeof v);
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function formatScalar(v: Scalar): string {
  return v === null ? 'null' : String(v);
}

export function describeVendor(vendor: string, dump: unknown): VendorState {
  const out: VendorState = { vendor, collections: [], values: [] };
  walk(dump, [], 0, out);
  return out;
}

function walk(value: unknown, path: string[], depth: number, out: VendorState): void {
  const title = path.join('.') || 'state';
  if (Array.isArray(value)) {
    if (value.every(isRecord))
      out.collections.push(
        ...records(
          title,
          value.map((raw) => ({ raw })),
          0,
        ),
      );
    else out.collections.push(list(title, value));
    return;
  }
  if (isRecord(value)) {
    const entries = Object.entries(value);
    // Below the top, an object whose every value is a record is a map keyed by id or name.
    if (depth > 0 && entries.length > 0 && entries.every(([, v]) => isRecord(v))) {
      out.collections.push(
        ...records(
          title,
          entries.map(([key, raw]) => ({ key, raw: raw as Record<string, unknown> })),
          0,
        ),
      );
      return;
    }
    for (const [name, v] of entries) {
      if (isScalar(v)) out.values.push([[...path, name].join('.'), formatScalar(v)]);
      else if (depth < MAX_DEPTH) walk(v, [...path, name], depth + 1, out);
      else out.values.push([[...path, name].join('.'), summarise(v)]);
    }
    return;
  }
  if (isScalar(value)) out.values.push([title, formatScalar(value)]);
}

/** A list of scalars (broker ids, container ids) or of mixed things: one `value` column. */
function list(title: string, items: unknown[]): StateCollection {
  const rows = items.map((raw) => {
    const value = isScalar(raw) ? formatScalar(raw) : summarise(raw);
    return { cells: { value }, raw, haystack: value.toLowerCase() };
  });
  return { title, columns: ['value'], rows };
}

interface Item {
  raw: Record<string, unknown>;
  key?: string;
  parent?: string;
}

/** A table of records, then a table for each list or map of records found inside them. */
function records(title: string, items: Item[], nesting: number): StateCollection[] {
  const nested = new Map<string, Array<{ child: Item; parentIndex: number }>>();
  const rows: StateRow[] = items.map((item, parentIndex) => {
    const cells: Record<string, string> = {};
    if (item.key !== undefined) cells[KEY_COLUMN] = item.key;
    if (item.parent !== undefined) cells[PARENT_COLUMN] = item.parent;
    flatten(item.raw, '', cells, (field, children) => {
      if (nesting + 1 >= MAX_NESTING) return false;
      const list = nested.get(field) ?? [];
      nested.set(field, list);
      list.push(...children.map((child) => ({ child, parentIndex })));
      return true;
    });
    const haystack = `${item.key ?? ''} ${item.parent ?? ''} ${JSON.stringify(item.raw)}`.toLowerCase();
    return { key: item.key, parent: item.parent, cells, raw: item.raw, haystack };
  });
  const columns = chooseColumns(rows);
  // Children learn their parent's label only now that the parent's columns are chosen.
  const labels = rows.map((row) => rowLabel(row, columns));
  const children = [...nested].flatMap(([field, list]) =>
    records(
      `${title} › ${field}`,
      list.map(({ child, parentIndex }) => ({ ...child, parent: labels[parentIndex] ?? '' })),
      nesting + 1,
    ),
  );
  return [{ title, columns, rows }, ...children];
}

/**
 * Scalars become cells (`attributes.name`), lists of scalars a comma list; lists and maps of
 * records are handed to `nest` (which makes them a table of their own) and counted in the cell.
 */
function flatten(
  record: Record<string, unknown>,
  prefix: string,
  cells: Record<string, string>,
  nest: (field: string, children: Item[]) => boolean,
): void {
  for (const [name, v] of Object.entries(record)) {
    const field = prefix + name;
    if (isScalar(v)) cells[field] = formatScalar(v);
    else if (Array.isArray(v)) {
      if (
        v.length > 0 &&
        v.every(isRecord) &&
        nest(
          field,
          v.map((raw) => ({ raw })),
        )
      )
        cells[field] = count(v.length);
      else cells[field] = v.every(isScalar) ? v.map(formatScalar).join(', ') : summarise(v);
    } else if (isRecord(v)) {
      const entries = Object.entries(v);
      const isMap = entries.length > 0 && entries.every(([, x]) => isRecord(x));
      if (
        isMap &&
        nest(
          field,
          entries.map(([key, raw]) => ({ key, raw: raw as Record<string, unknown> })),
        )
      )
        cells[field] = count(entries.length);
      else if (prefix === '' && !isMap) flatten(v, `${field}.`, cells, () => false);
      else cells[field] = summarise(v);
    }
  }
}

const count = (n: number): string => `${n} item${n === 1 ? '' : 's'}`;

function summarise(value: unknown): string {
  // Undefined for undefined, a function or a symbol.
  const text = (JSON.stringify(value) as string | undefined) ?? '';
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

/** How telling a column is, by its name: identity first, then status, then kind and description. */
function nameScore(column: string): number {
  if (column === KEY_COLUMN) return 100;
  if (column === PARENT_COLUMN) return 99;
  const leaf = column.split('.').pop() ?? column;
  if (/^name$/i.test(leaf)) return 95;
  if (/^id$/i.test(leaf)) return 93;
  if (/name$/i.test(leaf)) return 90;
  if (/(status|state)$/i.test(leaf) && !/last|previous/i.test(leaf)) return 85;
  if (/(id|identification|key|token)$/i.test(leaf)) return 75;
  if (/^(title|label|acronym|description|message|command)$/i.test(leaf)) return 60;
  if (/(status|state)$/i.test(leaf)) return 55;
  if (/type|kind|version/i.test(leaf)) return 50;
  if (/time|date|heartbeat|expires|created|updated/i.test(leaf)) return 40;
  return 30;
}

export function chooseColumns(rows: StateRow[]): string[] {
  if (rows.length === 0) return [];
  const present = new Map<string, { rows: number; length: number; counts: number }>();
  for (const row of rows) {
    for (const [column, value] of Object.entries(row.cells)) {
      if (value === '') continue; // an empty list says nothing
      const p = present.get(column) ?? { rows: 0, length: 0, counts: 0 };
      p.rows++;
      p.length += value.length;
      if (/^\d+ items?$/.test(value)) p.counts++;
      present.set(column, p);
    }
  }
  const scored = [...present].map(([column, p]) => {
    const coverage = p.rows / rows.length;
    let score = nameScore(column) * (0.5 + 0.5 * coverage);
    if (p.length / p.rows > 80) score -= 25; // long prose makes a poor column
    if (p.counts === p.rows) score -= 15; // "3 items" has its own table
    return { column, score, coverage };
  });
  // The best columns, shown identity first (key, parent, names, ids), then status, then the rest.
  const group = (column: string): number => {
    const leaf = column.split('.').pop() ?? column;
    if (column === KEY_COLUMN || column === PARENT_COLUMN || /(name|id|identification|key|token)$/i.test(leaf))
      return 0;
    return /(status|state)$/i.test(leaf) ? 1 : 2;
  };
  return scored
    .filter((s) => s.coverage >= 0.2 || scored.length <= MAX_COLUMNS)
    .sort((a, b) => b.score - a.score)
    .slice(0, MAX_COLUMNS)
    .sort((a, b) => group(a.column) - group(b.column) || b.score - a.score)
    .map((s) => s.column);
}

/** What names a row to a person: its key, else a name (`name`, `hostName`), else an id. */
export function rowLabel(row: StateRow, columns: string[]): string {
  if (row.key) return row.key;
  const leaf = (c: string): string => c.split('.').pop() ?? c;
  const preferences = [/^name$/i, /name$/i, /^id$/i, /(id|identification|key|token)$/i];
  for (const preference of preferences) {
    const column = columns.find((c) => c !== PARENT_COLUMN && preference.test(leaf(c)) && row.cells[c]);
    const cell = column === undefined ? undefined : row.cells[column];
    if (cell) return cell;
  }
  return Object.values(row.cells)[0] ?? '';
}

/** Colour for a status-like value, recognised by common words only. */
export function statusTone(column: string, value: string): 'good' | 'bad' | 'warn' | undefined {
  if (!/(status|state)$/i.test(column)) return undefined;
  if (
    /^(up|ok|running|listening|active|enabled|started|online|success|succeeded|healthy|complete|completed)$/i.test(
      value,
    )
  )
    return 'good';
  if (
    /^(down|critical|error|errored|failed|failure|unreachable|offline|unhealthy|unscheduled down|scheduled down)$/i.test(
      value,
    )
  )
    return 'bad';
  if (
    /^(pending|paused|warning|unknown|starting|stopping|stopped|suspended|degraded|in_?progress|queued)$/i.test(value)
  )
    return 'warn';
  return undefined;
}

export function matches(row: StateRow, query: string): boolean {
  return query === '' || row.haystack.includes(query);
}
